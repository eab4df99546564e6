// <psirt-report-form> as a React component. Importing the widget defines the custom element.
//
// React 19 supports custom elements: a prop whose name the element has as a property is set as
// that property (`lang`), any other as an attribute (`profile`, `key-url`), and `on<event>` adds
// a listener for exactly <event>: `onpsirt-sealed` listens for `psirt-sealed` (React updates and
// removes it with the prop). React 18 and earlier pass everything as attributes and never listen:
// there, give the element a `ref` and add the listener in a `useEffect`:
//   useEffect(() => { const el = ref.current; el.addEventListener('psirt-sealed', h);
//                     return () => el.removeEventListener('psirt-sealed', h); }, [h]);
import 'psirt-report/widget';

export function ReportForm({ profile, keyUrl, lang, onSealed }) {
  return <psirt-report-form profile={profile} key-url={keyUrl} lang={lang} onpsirt-sealed={(event) => onSealed(event.detail)} />;
}
