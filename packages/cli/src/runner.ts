/**
 * Runs one command body: an error is rendered and sets the exit status; a resolved number is the exit
 * status (used by checks such as `config validate` that fail without throwing); anything else is 0.
 * The shell runs the body only after the whole command line parsed, so a usage error (an unknown
 * flag, a missing argument) always comes before any side effect.
 */
export type Runner = (task: () => Promise<unknown>) => Promise<void>;
