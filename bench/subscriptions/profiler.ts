import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * CPU profiles of a benchmark child process on request, so that they cover
 * the measured run only (not start-up, set-up or the connect storm): IPC
 * `{type:'profile-start'}` answered with `profile-started`, then
 * `{type:'profile-stop', file}` answered with `profile-stopped` once the
 * profile is written.
 */
export function answerProfileCommands(): void {
  const inspector = new Session();
  inspector.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => inspector.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  process.on('message', (message: { type: string; file?: string }) => {
    if (message.type === 'profile-start') {
      void post('Profiler.enable')
        .then(() => post('Profiler.start'))
        .then(() => process.send?.({ type: 'profile-started' }));
    } else if (message.type === 'profile-stop') {
      void post('Profiler.stop').then((result) => {
        writeFileSync(message.file!, JSON.stringify((result as { profile: unknown }).profile));
        process.send?.({ type: 'profile-stopped' });
      });
    }
  });
}
