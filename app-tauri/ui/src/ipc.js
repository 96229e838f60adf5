// The app's commands, as the Rust side defines them (app-tauri/src/commands.rs), through
// Tauri's IPC. An error is the core's one error: { class, code, message, details }.
import { invoke, Channel } from './vendor/tauri-api/core.js';

export { Channel };

/** Calls command `cmd` with `args`; rejects with the core's error. */
export function call(cmd, args = {}) {
  return invoke(cmd, args);
}

/** Runs long work: `cmd` with `args` and a channel; `onEvent` hears { event: 'started', id }
 *  then { event: 'progress', step, done, total, item, message }. */
export function work(cmd, args, onEvent) {
  const channel = new Channel();
  channel.onmessage = onEvent;
  return invoke(cmd, { ...args, onEvent: channel });
}

/** The base of the offline tiles' URLs (the `tiles` scheme; Windows serves it over http). */
export function tilesBase() {
  const override = globalThis.__CAMPANILE_TILES_BASE__;
  if (override) return override;
  return navigator.userAgent.includes('Windows') ? 'http://tiles.localhost' : 'tiles://localhost';
}
