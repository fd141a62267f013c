// Errors the CLI reports itself (unreadable files, flags), next to the library's SchedkitError.

/** A problem with the command line or its files; printed as `schedkit: <message>`, exit code 1. */
export class CliError extends Error {
  override readonly name = "CliError";
}
