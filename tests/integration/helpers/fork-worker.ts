/**
 * Starts one of the helper scripts in this folder as a separate Node process
 * (TypeScript through tsx) with an IPC channel. Its stdout is dropped and its
 * stderr kept, to be shown when a test fails: the tests kill some workers with
 * SIGKILL on purpose, and tsx's esbuild service, orphaned in mid-request,
 * then prints a Go "all goroutines are asleep" dump that reads like a crash.
 */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";

export type Worker = ChildProcess & { errorOutput: () => string };

export function forkWorker(script: string, args: string[] = []): Worker {
  const child = fork(path.resolve("tests/integration/helpers", script), args, {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  }) as Worker;
  let errorOutput = "";
  child.stderr!.on("data", (chunk) => (errorOutput += chunk));
  child.errorOutput = () => errorOutput;
  return child;
}
