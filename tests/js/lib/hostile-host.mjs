// A hostile host page. `hostileHost` runs as an init script (before any script of
// the page, so it can patch what it likes first) in the top document of `hostOrigin` only, and
// tries everything a script of the page embedding the form can do to read what the reporter
// types. It keeps what it gets in memory (`__hostileDump()` returns it as lines of text); it sends
// nothing anywhere, so the harness's own recorder stays a separate witness.
//
//   - keydown / keypress / keyup / input / beforeinput / textInput / composition / change / paste /
//     copy / cut / select / focusin listeners on window and document, capture phase (the key, the
//     data, the value of the event's innermost target through composedPath(), and the keys typed
//     joined into one string);
//   - a MutationObserver on the whole document (subtree, attributes, text), and on every open
//     shadow root it finds (the element's own), with the values it sees;
//   - the iframe: contentDocument, contentWindow.document / location / localStorage / frames /
//     named properties, each attempt's result or error name;
//   - messages: a capture 'message' listener on window, every listener the page (or the widget)
//     adds through addEventListener('message') wrapped, the onmessage setter, window.postMessage
//     and MessagePort.prototype.postMessage wrapped;
//   - document.activeElement polled every 5 ms (through shadow roots), with its value, and the
//     selection;
//   - the value getters and setters of HTMLInputElement, HTMLTextAreaElement and
//     HTMLSelectElement patched;
//   - performance: a PerformanceObserver on every entry type, and getEntries() at the end.

export function hostileHost(hostOrigin) {
  if (location.origin !== hostOrigin || window !== window.top) return;
  const log = [];
  const stats = { keys: 0, messages: 0, mutations: 0, polls: 0, valueReads: 0, perf: 0, iframe: {} };
  let typed = '';
  const rec = (what, v) => {
    let text;
    try {
      text = typeof v === 'string' ? v : JSON.stringify(v);
    } catch {
      text = String(v);
    }
    log.push(`${what} ${text}`);
  };
  const innermost = (e) => {
    try {
      return e.composedPath?.()[0] ?? e.target;
    } catch {
      return e.target;
    }
  };

  // 1. Keystrokes and input, capture phase, on window and document.
  const types = ['keydown', 'keypress', 'keyup', 'input', 'beforeinput', 'textInput', 'compositionstart', 'compositionupdate', 'compositionend', 'change', 'paste', 'copy', 'cut', 'select', 'focusin', 'focusout'];
  for (const target of [window, document]) {
    for (const type of types) {
      target.addEventListener(
        type,
        (e) => {
          stats.keys += 1;
          if (target === window && type === 'keydown' && typeof e.key === 'string' && e.key.length === 1) typed += e.key;
          const t = innermost(e);
          rec(`event.${type}`, { key: e.key, code: e.code, data: e.data, inputType: e.inputType, value: t?.value, text: t?.textContent?.slice?.(0, 2000), clip: e.clipboardData?.getData?.('text'), path: e.composedPath?.().map((n) => n.nodeName ?? 'window').join('>') });
        },
        true,
      );
    }
  }

  // 2. A MutationObserver on the document and on every open shadow root.
  const options = { subtree: true, childList: true, attributes: true, characterData: true, attributeOldValue: true, characterDataOldValue: true };
  const observed = new WeakSet();
  const mo = new MutationObserver((list) => {
    for (const m of list) {
      stats.mutations += 1;
      rec('mutation', {
        type: m.type,
        target: m.target.nodeName,
        attribute: m.attributeName,
        value: m.attributeName ? m.target.getAttribute?.(m.attributeName) : m.target.textContent?.slice(0, 2000),
        old: m.oldValue,
        added: [...m.addedNodes].map((n) => (n.outerHTML ?? n.textContent ?? '').slice(0, 2000)),
      });
    }
    observeShadows();
  });
  const observeShadows = () => {
    for (const el of document.querySelectorAll('*')) {
      if (el.shadowRoot && !observed.has(el.shadowRoot)) {
        observed.add(el.shadowRoot);
        mo.observe(el.shadowRoot, options);
      }
    }
  };
  mo.observe(document, options);

  // 3. The iframe(s): every property a script may try.
  const frames = () => {
    const out = [...document.querySelectorAll('iframe')];
    for (const el of document.querySelectorAll('*')) if (el.shadowRoot) out.push(...el.shadowRoot.querySelectorAll('iframe'));
    return out;
  };
  const attempt = (name, fn) => {
    try {
      const v = fn();
      stats.iframe[name] = v === null ? 'null' : v === undefined ? 'undefined' : 'read';
      rec(`iframe.${name}`, v === null || v === undefined ? String(v) : typeof v === 'object' ? Object.prototype.toString.call(v) : v);
      return v;
    } catch (e) {
      stats.iframe[name] = `threw ${e.name}`;
      rec(`iframe.${name}.threw`, e.name);
      return undefined;
    }
  };
  const probe = () => {
    for (const f of frames()) {
      const doc = attempt('contentDocument', () => f.contentDocument);
      if (doc) rec('iframe.contentDocument.text', doc.documentElement?.innerHTML ?? '');
      attempt('contentWindow.document', () => f.contentWindow.document.documentElement.innerHTML);
      attempt('contentWindow.location.href', () => f.contentWindow.location.href);
      attempt('contentWindow.localStorage', () => JSON.stringify({ ...f.contentWindow.localStorage }));
      attempt('contentWindow.sessionStorage', () => JSON.stringify({ ...f.contentWindow.sessionStorage }));
      attempt('contentWindow.form', () => f.contentWindow.document.querySelector('psirt-report-form').shadowRoot.innerHTML);
      attempt('contentWindow.getSelection', () => String(f.contentWindow.getSelection()));
      attempt('contentWindow.name', () => f.contentWindow.name);
      attempt('contentWindow.length', () => f.contentWindow.length);
      attempt('contentWindow.indexedDB', () => f.contentWindow.indexedDB.databases());
      attempt('contentWindow.performance', () => JSON.stringify(f.contentWindow.performance.getEntries()));
      attempt('frames[0].document', () => window.frames[0].document.body.innerText);
    }
  };

  // 4. Messages, every way a page can see them.
  window.addEventListener(
    'message',
    (e) => {
      stats.messages += 1;
      rec('message', { origin: e.origin, data: e.data, fromIframe: frames().some((f) => f.contentWindow === e.source) });
    },
    true,
  );
  const addEventListener = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, listener, ...rest) {
    if (type === 'message' && typeof listener === 'function') {
      const wrapped = function (e) {
        rec('message.seen-by-page-listener', { origin: e.origin, data: e.data });
        return listener.call(this, e);
      };
      return addEventListener.call(this, type, wrapped, ...rest);
    }
    return addEventListener.call(this, type, listener, ...rest);
  };
  const onmessage = Object.getOwnPropertyDescriptor(window, 'onmessage') ?? Object.getOwnPropertyDescriptor(Window.prototype, 'onmessage');
  if (onmessage?.set) {
    Object.defineProperty(window, 'onmessage', {
      configurable: true,
      get() {
        return onmessage.get.call(window);
      },
      set(fn) {
        onmessage.set.call(window, (e) => {
          rec('message.onmessage', { origin: e.origin, data: e.data });
          return fn?.(e);
        });
      },
    });
  }
  const postMessage = window.postMessage;
  window.postMessage = function (...args) {
    rec('postMessage.window', args[0]);
    return postMessage.apply(this, args);
  };
  const portPost = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (...args) {
    rec('postMessage.port', args[0]);
    return portPost.apply(this, args);
  };

  // 5. The focused element, polled, through shadow roots; and the selection.
  setInterval(() => {
    stats.polls += 1;
    let a = document.activeElement;
    const chain = [];
    while (a) {
      chain.push(a.nodeName);
      if (a.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      else break;
    }
    rec('activeElement', { chain: chain.join('>'), value: a?.value, text: a?.textContent?.slice?.(0, 200), selection: String(document.getSelection()) });
  }, 5);

  // 6. Value getters and setters, as an analytics script or a "session replay" does.
  for (const proto of [HTMLInputElement.prototype, HTMLTextAreaElement.prototype, HTMLSelectElement.prototype]) {
    const d = Object.getOwnPropertyDescriptor(proto, 'value');
    Object.defineProperty(proto, 'value', {
      configurable: true,
      get() {
        const v = d.get.call(this);
        stats.valueReads += 1;
        rec('value.get', v);
        return v;
      },
      set(v) {
        rec('value.set', v);
        d.set.call(this, v);
      },
    });
  }

  // 7. Performance entries, as they come and at the end.
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        stats.perf += 1;
        rec('perf', e.toJSON?.() ?? { name: e.name, type: e.entryType });
      }
    }).observe({ entryTypes: PerformanceObserver.supportedEntryTypes });
  } catch (e) {
    rec('perf.observer.threw', e.name);
  }

  globalThis.__hostileDump = () => {
    probe();
    for (const e of performance.getEntries()) rec('perf.end', e.toJSON?.() ?? { name: e.name });
    rec('typed', typed);
    return { log: log.slice(), stats: JSON.parse(JSON.stringify(stats)), typed };
  };
}
