/**
 * Loads the Ink app. yoga-layout's WASM loader probes `typeof fetch`, and that first touch
 * makes Node load undici: ~34 ms of start-up, measured, for a fetch it then does not use
 * (the WASM is inline). The global is hidden for the import only and restored after.
 */
export async function loadUi(): Promise<typeof import('./ui/run-app.js')> {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    return await import('./ui/run-app.js');
  } finally {
    if (saved) Object.defineProperty(globalThis, 'fetch', saved);
    else delete (globalThis as { fetch?: unknown }).fetch;
  }
}
