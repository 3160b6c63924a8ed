/** Why a journal cannot be used: its driver is not installed, another runner holds it, the database refused it. */
export class JournalUnavailableError extends Error {
  override name = "JournalUnavailableError";
}
