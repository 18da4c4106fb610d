/** Progress goes to stderr, so that stdout holds only the result tables. */
export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
