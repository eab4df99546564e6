/**
 * Node `import` entry of psirt-report: the CommonJS entry (`node.cjs`, where the
 * WebAssembly module is initialised synchronously on load) re-exported, so
 * `import` and `require` in one process share one module and one set of error
 * classes (`instanceof` works across both).
 */

export * from './node.cjs';
