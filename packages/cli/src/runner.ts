/**
 * Runs one command body: an error is rendered and sets the exit status; a resolved number is the exit
 * status (used by checks such as `config validate` that fail without throwing); anything else is 0.
 */
export type Runner = (task: () => Promise<unknown>) => Promise<void>;
