// Machine-written by `npm run generate` from generated/openapi.yaml. Do not edit.
/** An Ajv error, as the standalone validators report it. */
export interface RequestValidationError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Validates a request body; on failure `errors` lists every violation. */
export interface RequestValidator {
  (data: unknown): boolean;
  errors?: RequestValidationError[] | null;
}

export declare const submitV6Img2Video: RequestValidator;
export declare const submitV6Img2VideoUltra: RequestValidator;
export declare const submitV7ImageToVideo: RequestValidator;
export declare const submitEnterpriseImg2Video: RequestValidator;
export declare const submitEnterpriseUltraImg2Video: RequestValidator;
