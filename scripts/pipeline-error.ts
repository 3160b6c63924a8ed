/** An error in the docs → spec → code pipeline; its message is the whole report. */
export class PipelineError extends Error {
  override name = "PipelineError";
}
