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

/** Where a submit's request is one schema per model: the validator of each known model_id. */
export declare const modelValidators: Partial<Record<"submitV6Img2Video" | "submitV6Img2VideoUltra" | "submitV7ImageToVideo" | "submitEnterpriseImg2Video" | "submitEnterpriseUltraImg2Video", Readonly<Record<string, RequestValidator>>>>;
/** Where a submit's request is one schema per model: the validator of any model_id it does not know. */
export declare const otherModelValidators: Partial<Record<"submitV6Img2Video" | "submitV6Img2VideoUltra" | "submitV7ImageToVideo" | "submitEnterpriseImg2Video" | "submitEnterpriseUltraImg2Video", RequestValidator>>;
