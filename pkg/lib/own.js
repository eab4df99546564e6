/**
 * How the package reads the options a caller passes: from the object's own properties only.
 * A host page (or a dependency) that sets `Object.prototype.sealWasmUrl`, `.pin`, `.workerUrl`…
 * must not reach a call: a plain `options.x` or a destructuring `{x} = options` would read it
 * through the prototype chain. Every option of every entry point goes through `own()`, with the
 * option's name written as a string literal, so tests/js/hardening/review-defects.test.mjs can collect them all
 * from the source and pollute the prototype with each. Not part of the public API.
 */

/**
 * An own property of `obj`, or undefined (also when `obj` is not an object).
 * @param {unknown} obj
 * @param {string} name
 */
export function own(obj, name) {
  return obj !== null && (typeof obj === 'object' || typeof obj === 'function') && Object.hasOwn(obj, name)
    ? obj[name]
    : undefined;
}
