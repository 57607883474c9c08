/**
 * Runs one command body: an error is rendered and sets the exit status; a returned number is the
 * exit status (used by checks such as `config validate` that fail without throwing).
 */
export type Runner = (task: () => Promise<number | undefined | void>) => Promise<void>;
