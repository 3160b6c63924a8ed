// Machine-written by `npm run generate` from generated/openapi.yaml. Do not edit.
export interface paths {
    "/v6/video/img2video": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate video from image
         * @description Creates a video from an initial image with model wan2.2 or ltx-2.3 (the page's summary, v6-img2video.md line 7; its operation text still names the SVD model).
         */
        post: operations["submitV6Img2Video"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v6/video/img2video_ultra": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate HD video from image
         * @description Creates high-quality HD video from an initial image. Costs $0.2 per API call.
         */
        post: operations["submitV6Img2VideoUltra"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v6/video/fetch/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fetch queued video by ID
         * @description Retrieves videos that are currently queued or have been processed
         */
        post: operations["fetchV6Video"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v7/video-fusion/image-to-video": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate video from image (video fusion)
         * @description Queues an image-to-video generation with one of the video-fusion models (the page documents wan2.6-i2v).
         */
        post: operations["submitV7ImageToVideo"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v7/video-fusion/fetch/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fetch a queued video-fusion video
         * @description Returns the current state of a video-fusion generation. Named in the docs' model-selection guide and used by the official CLI; no reference page exists.
         */
        post: operations["fetchV7Video"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/enterprise/video/img2video": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate video from image (enterprise)
         * @description This endpoint is used to convert images into videos.
         */
        post: operations["submitEnterpriseImg2Video"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/enterprise/video/fetch/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enterprise: Fetch Queued Request Endpoint
         * @description Fetch Queued Request API fetches queued request.
         */
        post: operations["fetchEnterpriseVideo"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/enterprise/image_to_video_ultra/img2video": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate high-definition video from image (enterprise ultra)
         * @description Generate high-definition videos from images using the Image to Video Ultra API.
         */
        post: operations["submitEnterpriseUltraImg2Video"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/enterprise/image_to_video_ultra/fetch/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enterprise: Fetch Queued Video Endpoint
         * @description Fetch Queued Video API fetches queued video.
         */
        post: operations["fetchEnterpriseUltraVideo"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v6/model-search/{modelId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Model details
         * @description One model's details, with endpoint configurations carrying a `parameters` object: a JSON Schema of each endpoint's accepted parameters (types, constraints, defaults, enums).
         */
        get: operations["describeModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v6/base64_to_url": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload base64 to URL
         * @description This endpoint allows you to convert base64 strings of image, audio, video and 3d object file to a valid URL. The url expires after 24 hours of creation. Note that the maximum file size for upload is 5MB
         */
        post: operations["uploadBase64ToUrl"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v6/processing/request_count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check processing requests
         * @description Get the current number of processing requests before sending another request. This endpoint is throttled to 30 requests per minute to avoid abuse.
         */
        post: operations["accountRequestCount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    videoGenerationFinished: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A generation finished (webhook delivery)
         * @description POSTed to the request's `webhook` URL when the generation succeeds or fails. Best effort and possibly repeated: deduplicate on `id` and `track_id`. ModelsLab signs nothing; confirm with the fetch endpoint before trusting a delivery.
         */
        post: operations["receiveVideoWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        EnterpriseApiKey: {
            /** @description Your API key */
            key: string;
        };
        EnterpriseError: {
            /** @enum {string} */
            status: "error";
            /** @description Error message description */
            message?: string;
            /** @description The legacy misspelling of `message` some endpoints send */
            messege?: string;
        };
        EnterpriseErrorResponse: {
            /** @example error */
            status?: string;
            /** @example Error message */
            message?: string;
        };
        EnterpriseImageToVideoRequest: {
            /** @description Your unique API key used for authorization. */
            key: string;
            /**
             * @description The ID of the model to use. Allowed values: svd.
             * @enum {string}
             */
            model_id: "svd";
            /** @description Items you do not want in the video. */
            negative_prompt?: string;
            /**
             * @description Enhance prompts for better results. Options: yes/no.
             * @default yes
             * @enum {string}
             */
            enhance_prompt?: "yes" | "no";
            /** @description A link or base64 equivalent of a valid PNG, JPEG, or other image format file to use as initial image conditioning. */
            init_image?: string;
            /**
             * @description The height of the video in pixels. Maximum: 512.
             * @default 512
             */
            height?: number;
            /**
             * @description The width of the video in pixels. Maximum: 512.
             * @default 512
             */
            width?: number;
            /**
             * @description The number of frames in the generated video. Default: 16, Maximum: 25.
             * @default 16
             */
            num_frames?: number;
            /**
             * @description The number of denoising steps. Default: 20, Maximum: 50.
             * @default 20
             */
            num_inference_steps?: number;
            /**
             * @description The start value of the guidance scale for video generation when using svd as the model.
             * @default 0
             */
            min_guidance_scale?: number;
            /**
             * @description The end value of the guidance scale for video generation when using svd as the model.
             * @default 8
             */
            max_guidance_scale?: number;
            /**
             * @description Higher values lead to more motion in generated videos. Default: 127.
             * @default 127
             */
            motion_bucket_id?: number;
            /**
             * @description The strength for noise initialization when using svd as the model.
             * @default 0.5
             */
            noise_aug_strength?: number;
            /**
             * @description Frames per second rate of the generated video. Maximum: 16.
             * @default 8
             */
            fps?: number;
            /**
             * @description The output type of the video. Options: mp4, gif, base64.
             * @default mp4
             * @enum {string}
             */
            output_type?: "mp4" | "gif" | "base64";
            /**
             * @description The interpolation method for generating the video. Default: lerp.
             * @default lerp
             * @enum {string}
             */
            latent_interpolation_method?: "lerp" | "slerp";
            /** @description The number of CLIP layers to skip. Default: null. Maximum: 2. */
            clip_skip?: number | null;
            /**
             * @description If true, returns an instant response with future links for queued requests instead of waiting for processing.
             * @default false
             */
            instant_response?: boolean;
            /**
             * @description If true, stores generations in temporary storage. Temporary files are cleaned every 24 hours.
             * @default false
             */
            temp?: boolean;
            /**
             * Format: uri
             * @description Provide a URL to receive a POST API call once the video generation is complete.
             */
            webhook?: string | null;
            /** @description This ID is returned in the response to the webhook API call and will be used to identify the webhook request. */
            track_id?: number | null;
            /**
             * @description Whether init_image is base64 data rather than a URL
             * @default false
             */
            base64?: boolean;
        };
        EnterpriseUltraApiKey: {
            /** @description Your API key */
            key: string;
        };
        EnterpriseUltraError: {
            /** @enum {string} */
            status: "error";
            /** @description Error message description */
            message?: string;
            /** @description The legacy misspelling of `message` some endpoints send */
            messege?: string;
        };
        EnterpriseUltraErrorResponse: {
            /** @example error */
            status?: string;
            /** @example Error message */
            message?: string;
        };
        EnterpriseUltraImageToVideoRequest: {
            /** @description Your API Key used for request authorization. */
            key: string;
            /** @description Text prompt with a description of the things you want in the video to be generated. */
            prompt: string;
            /** @description Link equivalent of a valid PNG, JPEG, or other image format file to use as initial image conditioning. */
            init_image?: string;
            /** @description Items you don't want in the video. */
            negative_prompt?: string;
            /** @description Seed is used to reproduce results. The same seed will give you the same output again. Pass null for random. */
            seed?: number | null;
            /** @description Resolution of the generated output. Maximum is 480. */
            resolution?: number;
            /**
             * @description The number of frames in the generated video. Default is 92.
             * @default 92
             */
            num_frames?: number;
            /**
             * @description Number of denoising steps. Required range: `x <= 8`
             * @default 8
             */
            num_inference_steps?: number;
            /** @description Scale for classifier-free guidance. Min is 1.0, Max is 2.0. */
            guidance_scale?: number;
            /** @description Frames per second of the generated video. Should be less than num_frames. Maximum is 18. */
            fps?: number;
            /**
             * @description Indicates whether the output should be in portrait mode. Accepts true or false. Default is false.
             * @default false
             */
            portrait?: boolean;
            /**
             * @description Controls the sampling shift in the generation process. Default is 3.
             * @default 3
             */
            sample_shift?: number;
            /**
             * @description If true, stores the video in temporary storage (cleaned every 24 hours). Default is false.
             * @default false
             */
            temp?: boolean;
            /**
             * Format: uri
             * @description A URL to receive a POST API call once the video generation is complete.
             */
            webhook?: string | null;
            /** @description A unique ID used in the webhook response to identify the request. */
            track_id?: string | null;
        };
        /** @description The page documents no response. The fetch endpoint's OpenAPI documents only status and message. */
        EnterpriseUltraVideoResponse: {
            message?: string;
            /** @description Unique identifier for the video generation */
            id?: number | string;
            /** @description Estimated seconds to completion */
            eta?: number;
            /**
             * Format: uri
             * @description URL to fetch the result when processing
             */
            fetch_result?: string;
            proxy_links?: string[];
            /** @description Where the videos will be once a queued request finishes */
            future_links?: string[];
            generationTime?: number;
            meta?: Record<string, never>;
            tip?: string;
        } & ({
            /**
             * @description The generation is done; output lists the video
             * @constant
             */
            status: "success";
            /** @description Generated video URLs */
            output: string[];
        } | {
            /** @enum {string} */
            status: "processing" | "error" | "failed";
            /** @description Generated video URLs */
            output?: string[];
        });
        /** @description The page documents no response. The enterprise fetch endpoint's OpenAPI documents only status and message. */
        EnterpriseVideoResponse: {
            message?: string;
            /** @description Unique identifier for the video generation */
            id?: number | string;
            /** @description Estimated seconds to completion */
            eta?: number;
            /**
             * Format: uri
             * @description URL to fetch the result when processing
             */
            fetch_result?: string;
            proxy_links?: string[];
            /** @description Where the videos will be once a queued request finishes */
            future_links?: string[];
            generationTime?: number;
            meta?: Record<string, never>;
            tip?: string;
        } & ({
            /**
             * @description The generation is done; output lists the video
             * @constant
             */
            status: "success";
            /** @description Generated video URLs */
            output: string[];
        } | {
            /** @enum {string} */
            status: "processing" | "error" | "failed";
            /** @description Generated video URLs */
            output?: string[];
        });
        GeneralBase64ToUrlRequest: {
            /** @description Your API Key used for request authorization */
            key: string;
            /** @description Image to be uploaded converted in base64 format */
            base64_string: string;
        };
        GeneralBase64ToUrlResponse: {
            /** @enum {string} */
            status?: "success";
            /** @description Unique identifier for the upload */
            id?: number;
            /** @description Array of URLs to the uploaded files */
            output?: string[];
        };
        GeneralError: {
            /** @enum {string} */
            status: "error";
            /** @description Error message */
            message?: string;
            /** @description The legacy misspelling of `message` some endpoints send */
            messege?: string;
        };
        GeneralModelDetail: {
            status?: string;
            data: {
                model_id: string;
                name?: string;
                provider?: string;
                /** @description The endpoint configurations of the model */
                endpoints?: {
                    method?: string;
                    /** @description The endpoint's URL */
                    endpoint: string;
                    /** @description A JSON Schema of the endpoint's accepted parameters */
                    parameters: Record<string, never>;
                }[];
            };
        };
        GeneralModelSearchError: {
            /** @enum {string} */
            status: "error";
            message?: string;
        };
        GeneralProcessingRequestCountRequest: {
            /** @description Your API Key used for request authorization */
            key: string;
        };
        GeneralProcessingRequestCountResponse: {
            /** @enum {string} */
            status?: "success";
            /** @description Current number of processing requests */
            processing_count?: number;
            /** @example Current processing request count retrieved successfully */
            message?: string;
        };
        /**
         * @example {
         *       "status": "error",
         *       "message": "Rate limit exceeded. Maximum 5 queued requests allowed.",
         *       "retry_after": 30
         *     }
         */
        RateLimitError: {
            /** @enum {string} */
            status: "error";
            message: string;
            /** @description Seconds to wait before sending the request again */
            retry_after?: number;
        };
        V6Error: {
            /** @enum {string} */
            status: "error";
            /** @description Error message description */
            message?: string;
            /** @description The legacy misspelling of `message` some endpoints send */
            messege?: string;
        };
        V6FetchVideoRequest: {
            /** @description Your API Key used for request authorization */
            key: string;
        };
        V6ImageToVideoRequest: {
            /** @description Your API Key used for request authorization */
            key: string;
            /**
             * @description The ID of the model to use
             * @enum {string}
             */
            model_id: "wan2.2" | "ltx-2.3";
            /**
             * Format: uri
             * @description URL of the initial image
             */
            init_image: string;
            /** @description Text prompt describing desired video elements */
            prompt?: string;
            /** @description Items you don't want in the video */
            negative_prompt?: string;
            /** @description Height in pixels */
            height?: number;
            /** @description Width in pixels */
            width?: number;
            /**
             * @description Number of frames
             * @default 16
             */
            num_frames?: number;
            /**
             * @description Number of denoising steps
             * @default 20
             */
            num_inference_steps?: number;
            /**
             * @description Start value of guidance scale
             * @default 1
             */
            min_guidance_scale?: number;
            /**
             * @description End value of guidance scale
             * @default 3
             */
            max_guidance_scale?: number;
            /**
             * @description Motion control parameter
             * @default 127
             */
            motion_bucket_id?: number;
            /** @description Noise augmentation strength */
            noise_aug_strength?: number;
            /** @description Frames per second */
            fps?: number;
            /**
             * @description Output format
             * @enum {string}
             */
            output_type?: "mp4" | "gif";
            /**
             * @description Store in temporary storage
             * @default false
             */
            temp?: boolean;
            /**
             * Format: uri
             * @description Webhook URL
             */
            webhook?: string | null;
            /** @description Tracking ID */
            track_id?: string | null;
        };
        V6ImageToVideoUltraRequest: {
            /** @description Your API Key used for request authorization */
            key: string;
            /**
             * @description The model ID to use for video generation. wan2.2 or ltx-2.3
             * @default wan2.2
             * @enum {string}
             */
            model_id?: "wan2.2" | "ltx-2.3";
            /** @description Text prompt describing the video content */
            prompt: string;
            /** @description URL of the initial image */
            init_image: string;
            /** @description Items you don't want in the video */
            negative_prompt?: string;
            /** @description Seed for reproducible results */
            seed?: number | null;
            /** @description Output video resolution. For wan2.2 maximum resolution is 720p */
            resolution?: number;
            /**
             * @description Number of frames
             * @default 81
             */
            num_frames?: number;
            /**
             * @description Number of denoising steps
             * @default 25
             */
            num_inference_steps?: number;
            /** @description Guidance scale */
            guidance_scale?: number;
            /** @description Frames per second */
            fps?: number;
            /**
             * @description Portrait mode gives output in 9:16 aspect ratio.
             * @default false
             */
            portrait?: boolean;
            /**
             * @description Sampling shift
             * @default 5
             */
            sample_shift?: number;
            /**
             * @description Input image is base64 format
             * @default false
             */
            base64?: boolean;
            /**
             * @description Store in temporary storage
             * @default false
             */
            temp?: boolean;
            /**
             * Format: uri
             * @description Webhook URL
             */
            webhook?: string | null;
            /** @description Tracking ID */
            track_id?: string | null;
        };
        V6VideoResponse: {
            /** @description Time taken to generate the video in seconds */
            generationTime?: number;
            /** @description Unique identifier for the video generation */
            id?: number | string;
            /** @description Array of proxy video URLs */
            proxy_links?: string[];
            /** @description Array of future video URLs for queued requests */
            future_links?: string[];
            /** @description Metadata about the video generation including all parameters used */
            meta?: Record<string, never>;
            /** @description Estimated time for completion in seconds (processing status) */
            eta?: number;
            /** @description Status message or additional information */
            message?: string;
            /** @description Additional information or tips for the user */
            tip?: string;
            /**
             * Format: uri
             * @description URL to fetch the result when processing
             */
            fetch_result?: string;
        } & ({
            /**
             * @description The generation is done; output lists the video
             * @constant
             */
            status: "success";
            /** @description Array of generated video URLs */
            output: string[];
        } | {
            /**
             * @description Status of the video generation
             * @enum {string}
             */
            status: "processing" | "error" | "failed";
            /** @description Array of generated video URLs */
            output?: string[];
        });
        V7Error: {
            /** @enum {string} */
            status: "error";
            /** @description Error message description */
            message?: string;
            /** @description The legacy misspelling of `message` some endpoints send */
            messege?: string;
        };
        V7FetchRequest: {
            /** @description Your API key */
            key: string;
        };
        V7ImageToVideoRequest: {
            /** @description Your API key. Include the key in the key parameter for all API requests. */
            key: string;
            /** @description Add the image to convert it to video using prompt */
            init_image: string | string[];
            /** @description The video content will attempt to align with the audio content, such as lip movements and rhythm. Format: WAV, MP3. If the audio duration exceeds the duration value (5 or 10 seconds), the first 5 or 10 seconds are automatically used, and the rest is discarded. If the audio is shorter than the video duration, the part of the video beyond the audio length will be silent. */
            init_audio?: string;
            /** @description Enter a prompt to define the actions you want your image to perform. */
            prompt?: string;
            /**
             * @description Model_id for selecting the model from mutiple models
             * @example wan2.6-i2v
             */
            model_id: string;
            /**
             * @description The duration of the generated video in seconds.
             * @example 5
             */
            duration?: string;
            /**
             * @description The resolution of the generated video in pixel.
             * @example 720p
             */
            resolution?: string;
        };
        /** @description The v7 image-to-video request: one schema per model known to openapi/upstream/v7-models.json (model pages), chosen by model_id; any other model_id takes the generic request. */
        V7ImageToVideoRequestByModel: components["schemas"]["V7ModelWan26I2vRequest"] | components["schemas"]["V7ModelWan26I2vFlashRequest"] | components["schemas"]["V7ModelWan25I2vRequest"] | components["schemas"]["V7ModelKlingV16Request"] | components["schemas"]["V7ModelKlingV25TurboI2vRequest"] | components["schemas"]["V7ModelKlingV21MasterI2vRequest"] | components["schemas"]["V7ModelHailuo23I2vRequest"] | components["schemas"]["V7OtherModelRequest"];
        /**
         * Hailuo-2.3-i2v
         * @description The v7 request for model_id Hailuo-2.3-i2v: the fields its page documents (https://modelslab.com/models/minimax/Hailuo-2.3-image-to-video/api).
         * @example {
         *       "key": "YOUR_API_KEY",
         *       "model_id": "Hailuo-2.3-i2v",
         *       "init_image": "https://assets.modelslab.com/generations/d3d3f1b1-1a38-4e0e-a2a4-6b1c5e0f6a0e.png",
         *       "prompt": "a woman turns and smiles",
         *       "duration": "6"
         *     }
         */
        V7ModelHailuo23I2vRequest: {
            /** @description Your API key. Include the key in the key parameter for all API requests. */
            key: string;
            /**
             * @description Model_id for selecting the model from mutiple models
             * @constant
             */
            model_id: "Hailuo-2.3-i2v";
            /** @description Add the image to convert it to video using prompt */
            init_image: string;
            /** @description Enter a prompt to define the actions you want your image to perform. */
            prompt: string;
            /**
             * @description The duration of the generated video in seconds.
             * @default 6
             * @enum {string}
             */
            duration?: "6" | "10";
        };
        /**
         * kling-v1-6
         * @description The v7 request for model_id kling-v1-6: the fields its page documents (https://modelslab.com/models/klingai/Kling%20V1.6%20Multi%20Image%20To%20Video/api).
         * @example {
         *       "key": "YOUR_API_KEY",
         *       "model_id": "kling-v1-6",
         *       "init_image": [
         *         "https://assets.modelslab.com/generations/d3d3f1b1-1a38-4e0e-a2a4-6b1c5e0f6a0e.png",
         *         "https://assets.modelslab.com/generations/d3d3f1b1-1a38-4e0e-a2a4-6b1c5e0f6a0e.png",
         *         "https://assets.modelslab.com/generations/d3d3f1b1-1a38-4e0e-a2a4-6b1c5e0f6a0e.png",
         *         "https://assets.modelslab.com/generations/d3d3f1b1-1a38-4e0e-a2a4-6b1c5e0f6a0e.png"
         *       ],
         *       "prompt": "the four friends walk together",
         *       "duration": "10",
         *       "aspect_ratio": "16:9"
         *     }
         */
        V7ModelKlingV16Request: {
            /** @description Your API key. Include the key in the key parameter for all API requests. */
            key: string;
            /**
             * @description Model_id for selecting the model from mutiple models
             * @constant
             */
            model_id: "kling-v1-6";
            /** @description The images, as URLs (multi-image) */
            init_image: string[];
            /** @description Enter a prompt to define the actions you want your image to perform. */
            prompt?: string;
            /**
             * @description The duration of the generated video in seconds.
             * @example 10
             * @enum {string}
             */
            duration?: "5" | "10";
            /**
             * @description The aspect ratio of the generated video
             * @example 16:9
             * @enum {string}
             */
            aspect_ratio?: "16:9" | "9:16" | "1:1";
        };
        /**
         * kling-v2-1-master-i2v
         * @description The v7 request for model_id kling-v2-1-master-i2v: the fields its page documents (https://modelslab.com/models/klingai/kling-v2-1-master-image-to-video/api).
         * @example {
         *       "key": "YOUR_API_KEY",
         *       "model_id": "kling-v2-1-master-i2v",
         *       "init_image": "https://assets.modelslab.com/generations/d3d3f1b1-1a38-4e0e-a2a4-6b1c5e0f6a0e.png",
         *       "prompt": "a woman turns and smiles",
         *       "duration": "5"
         *     }
         */
        V7ModelKlingV21MasterI2vRequest: {
            /** @description Your API key. Include the key in the key parameter for all API requests. */
            key: string;
            /**
             * @description Model_id for selecting the model from mutiple models
             * @constant
             */
            model_id: "kling-v2-1-master-i2v";
            /** @description Add the image to convert it to video using prompt */
            init_image: string;
            /** @description Enter a prompt to define the actions you want your image to perform. */
            prompt?: string;
            /**
             * @description The duration of the generated video in seconds.
             * @default 5
             * @enum {string}
             */
            duration?: "5" | "10";
        };
        /**
         * Kling-V2-5-Turbo-i2v
         * @description The v7 request for model_id Kling-V2-5-Turbo-i2v: the fields its page documents (https://modelslab.com/models/klingai/Kling-V2-5-Turbo-image-to-video/api).
         * @example {
         *       "key": "YOUR_API_KEY",
         *       "model_id": "Kling-V2-5-Turbo-i2v",
         *       "init_image": "https://assets.modelslab.com/generations/d3d3f1b1-1a38-4e0e-a2a4-6b1c5e0f6a0e.png",
         *       "prompt": "a woman turns and smiles",
         *       "duration": "5"
         *     }
         */
        V7ModelKlingV25TurboI2vRequest: {
            /** @description Your API key. Include the key in the key parameter for all API requests. */
            key: string;
            /**
             * @description Model_id for selecting the model from mutiple models
             * @constant
             */
            model_id: "Kling-V2-5-Turbo-i2v";
            /** @description Add the image to convert it to video using prompt */
            init_image: string;
            /** @description Enter a prompt to define the actions you want your image to perform. */
            prompt?: string;
            /**
             * @description The duration of the generated video in seconds.
             * @default 5
             * @enum {string}
             */
            duration?: "5" | "10";
        };
        /**
         * wan2.5-i2v
         * @description The v7 request for model_id wan2.5-i2v: the fields its page documents (https://modelslab.com/models/alibaba_cloud/wan25-image-to-video/api).
         * @example {
         *       "key": "YOUR_API_KEY",
         *       "model_id": "wan2.5-i2v",
         *       "init_image": "https://assets.modelslab.com/generations/d3d3f1b1-1a38-4e0e-a2a4-6b1c5e0f6a0e.png",
         *       "prompt": "a woman turns and smiles",
         *       "resolution": "720P"
         *     }
         */
        V7ModelWan25I2vRequest: {
            /** @description Your API key. Include the key in the key parameter for all API requests. */
            key: string;
            /**
             * @description Model_id for selecting the model from mutiple models
             * @constant
             */
            model_id: "wan2.5-i2v";
            /** @description Add the image to convert it to video using prompt */
            init_image: string;
            /** @description Enter a prompt to define the actions you want your image to perform. */
            prompt?: string;
            /** @description Audio URL (WAV, MP3); cut to the first 5 or 10 seconds of audio */
            init_audio?: string;
            /** @description The duration of the generated video in seconds. */
            duration?: string;
            /**
             * @description The resolution of the generated video in pixel.
             * @example 720P
             */
            resolution?: string;
        };
        /**
         * wan2.6-i2v-flash
         * @description The v7 request for model_id wan2.6-i2v-flash: the fields its page documents (https://modelslab.com/models/alibaba_cloud/wan2.6-flash-image-to-video/api).
         * @example {
         *       "key": "YOUR_API_KEY",
         *       "model_id": "wan2.6-i2v-flash",
         *       "init_image": "https://assets.modelslab.com/generations/d3d3f1b1-1a38-4e0e-a2a4-6b1c5e0f6a0e.png",
         *       "init_audio": null,
         *       "prompt": "a woman turns and smiles",
         *       "duration": "15",
         *       "resolution": "720p"
         *     }
         */
        V7ModelWan26I2vFlashRequest: {
            /** @description Your API key. Include the key in the key parameter for all API requests. */
            key: string;
            /**
             * @description Model_id for selecting the model from mutiple models
             * @constant
             */
            model_id: "wan2.6-i2v-flash";
            /** @description Add the image to convert it to video using prompt */
            init_image: string;
            /** @description Enter a prompt to define the actions you want your image to perform. */
            prompt?: string;
            /** @description Audio URL (WAV, MP3); the page's text says the first 5 or 10 seconds are used */
            init_audio?: string | null;
            /**
             * @description The duration of the generated video in seconds.
             * @example 15
             */
            duration?: string;
            /**
             * @description The resolution of the generated video in pixel.
             * @example 720p
             */
            resolution?: string;
        };
        /**
         * wan2.6-i2v
         * @description The v7 request for model_id wan2.6-i2v: the fields its page documents (https://modelslab.com/models/alibaba_cloud/wan-2.6-image-to-video/api).
         * @example {
         *       "key": "YOUR_API_KEY",
         *       "model_id": "wan2.6-i2v",
         *       "init_image": "https://assets.modelslab.com/generations/d3d3f1b1-1a38-4e0e-a2a4-6b1c5e0f6a0e.png",
         *       "init_audio": "https://assets.modelslab.com/generations/audio-sample.mp3",
         *       "prompt": "a woman turns and smiles",
         *       "duration": "5",
         *       "resolution": "720p"
         *     }
         */
        V7ModelWan26I2vRequest: {
            /** @description Your API key. Include the key in the key parameter for all API requests. */
            key: string;
            /**
             * @description Model_id for selecting the model from mutiple models
             * @constant
             */
            model_id: "wan2.6-i2v";
            /** @description Add the image to convert it to video using prompt */
            init_image: string;
            /** @description Enter a prompt to define the actions you want your image to perform. */
            prompt?: string;
            /** @description Audio URL (WAV, MP3); cut to the first 5 or 10 seconds of audio */
            init_audio?: string;
            /**
             * @description The duration of the generated video in seconds.
             * @example 5
             */
            duration?: string;
            /**
             * @description The resolution of the generated video in pixel.
             * @example 720p
             */
            resolution?: string;
        };
        /**
         * another model
         * @description The v7 request for a model_id openapi/upstream/v7-models.json does not list: the generic request, checked as the v7 page documents it.
         */
        V7OtherModelRequest: components["schemas"]["V7ImageToVideoRequest"] & {
            model_id: string;
        };
        /** @description No page documents the v7 response. A processing response seen in third-party tests had only `status`, `eta`, `fetch_result` and `future_links`; the rest follows the v6 shape. */
        V7VideoResponse: {
            /** @description Estimated seconds to completion */
            eta?: number;
            /**
             * Format: uri
             * @description URL to fetch the result when processing
             */
            fetch_result?: string;
            future_links?: string[];
            /** @description Unique identifier of the generation; absent from some processing responses */
            id?: number | string;
            message?: string;
            meta?: Record<string, never>;
        } & ({
            /**
             * @description The generation is done; output lists the video
             * @constant
             */
            status: "success";
            output: string[];
        } | {
            /** @enum {string} */
            status: "processing" | "error" | "failed";
            output?: string[];
        });
        WebhookFailure: {
            /** @enum {string} */
            status: "failed" | "error";
            id: number | string;
            message?: string;
            /** @description The legacy misspelling of `message` some endpoints send */
            messege?: string;
            track_id?: string | number | null;
        };
        WebhookPayload: components["schemas"]["WebhookSuccess"] | components["schemas"]["WebhookFailure"];
        WebhookSuccess: {
            /** @enum {string} */
            status: "success";
            id: number | string;
            output: string[];
            generationTime?: number;
            track_id?: string | number | null;
            meta?: Record<string, never>;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    submitV6Img2Video: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["V6ImageToVideoRequest"];
            };
        };
        responses: {
            /** @description Image-to-video generation response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V6VideoResponse"];
                };
            };
            /** @description Bad request - invalid parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V6Error"];
                };
            };
            /** @description Unauthorized - invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V6Error"];
                };
            };
            /** @description Too many queued requests; nothing was queued or charged */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateLimitError"];
                };
            };
            /** @description Internal server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V6Error"];
                };
            };
        };
    };
    submitV6Img2VideoUltra: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["V6ImageToVideoUltraRequest"];
            };
        };
        responses: {
            /** @description HD image-to-video generation response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V6VideoResponse"];
                };
            };
            /** @description Bad request - invalid parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V6Error"];
                };
            };
            /** @description Unauthorized - invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V6Error"];
                };
            };
            /** @description Too many queued requests; nothing was queued or charged */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateLimitError"];
                };
            };
            /** @description Internal server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V6Error"];
                };
            };
        };
    };
    fetchV6Video: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description ID of the video to fetch */
                id: number | string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["V6FetchVideoRequest"];
            };
        };
        responses: {
            /** @description Fetched video response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V6VideoResponse"];
                };
            };
            /** @description Bad request - invalid parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V6Error"];
                };
            };
            /** @description Unauthorized - invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V6Error"];
                };
            };
            /** @description Video not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V6Error"];
                };
            };
            /** @description Too many queued requests; nothing was queued or charged */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateLimitError"];
                };
            };
            /** @description Internal server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V6Error"];
                };
            };
        };
    };
    submitV7ImageToVideo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["V7ImageToVideoRequestByModel"];
            };
        };
        responses: {
            /** @description Generation queued or finished */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V7VideoResponse"];
                };
            };
            /** @description Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V7Error"];
                };
            };
            /** @description Unauthorized - invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V7Error"];
                };
            };
            /** @description Too many queued requests; nothing was queued or charged */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateLimitError"];
                };
            };
            /** @description Internal server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V7Error"];
                };
            };
        };
    };
    fetchV7Video: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The generation id. v7 processing responses may omit `id`; it is the last path segment of their `fetch_result` URL. */
                id: number | string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["V7FetchRequest"];
            };
        };
        responses: {
            /** @description Video generation state */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V7VideoResponse"];
                };
            };
            /** @description Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V7Error"];
                };
            };
            /** @description Unauthorized - invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V7Error"];
                };
            };
            /** @description Video not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V7Error"];
                };
            };
            /** @description Too many queued requests; nothing was queued or charged */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateLimitError"];
                };
            };
            /** @description Internal server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V7Error"];
                };
            };
        };
    };
    submitEnterpriseImg2Video: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EnterpriseImageToVideoRequest"];
            };
        };
        responses: {
            /** @description Generation queued or finished */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnterpriseVideoResponse"];
                };
            };
            /** @description Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnterpriseError"];
                };
            };
            /** @description Unauthorized - invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnterpriseError"];
                };
            };
            /** @description Too many queued requests; nothing was queued or charged */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateLimitError"];
                };
            };
            /** @description Internal server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnterpriseError"];
                };
            };
        };
    };
    fetchEnterpriseVideo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The generation id returned by the submit call. */
                id: number | string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EnterpriseApiKey"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnterpriseVideoResponse"];
                };
            };
            /** @description Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnterpriseError"];
                };
            };
            /** @description Unauthorized - Invalid API Key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnterpriseErrorResponse"];
                };
            };
            /** @description Too many queued requests; nothing was queued or charged */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateLimitError"];
                };
            };
            /** @description Internal server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnterpriseError"];
                };
            };
        };
    };
    submitEnterpriseUltraImg2Video: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EnterpriseUltraImageToVideoRequest"];
            };
        };
        responses: {
            /** @description Generation queued or finished */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnterpriseUltraVideoResponse"];
                };
            };
            /** @description Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnterpriseUltraError"];
                };
            };
            /** @description Unauthorized - invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnterpriseUltraError"];
                };
            };
            /** @description Too many queued requests; nothing was queued or charged */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateLimitError"];
                };
            };
            /** @description Internal server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnterpriseUltraError"];
                };
            };
        };
    };
    fetchEnterpriseUltraVideo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The generation id returned by the submit call. */
                id: number | string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EnterpriseUltraApiKey"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnterpriseUltraVideoResponse"];
                };
            };
            /** @description Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnterpriseUltraError"];
                };
            };
            /** @description Unauthorized - Invalid API Key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnterpriseUltraErrorResponse"];
                };
            };
            /** @description Too many queued requests; nothing was queued or charged */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateLimitError"];
                };
            };
            /** @description Internal server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnterpriseUltraError"];
                };
            };
        };
    };
    describeModel: {
        parameters: {
            query: {
                /** @description Your API key */
                key: string;
            };
            header?: never;
            path: {
                /** @description The model id, as requests send it in model_id (case sensitive) */
                modelId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The model's details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneralModelDetail"];
                };
            };
            /** @description Unauthorized - invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneralModelSearchError"];
                };
            };
            /** @description No model has this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneralModelSearchError"];
                };
            };
        };
    };
    uploadBase64ToUrl: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GeneralBase64ToUrlRequest"];
            };
        };
        responses: {
            /** @description Base64 to URL response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneralBase64ToUrlResponse"];
                };
            };
            /** @description Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneralError"];
                };
            };
            /** @description Unauthorized - invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneralError"];
                };
            };
            /** @description Too many queued requests; nothing was queued or charged */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateLimitError"];
                };
            };
            /** @description Internal server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneralError"];
                };
            };
        };
    };
    accountRequestCount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GeneralProcessingRequestCountRequest"];
            };
        };
        responses: {
            /** @description Processing request count response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneralProcessingRequestCountResponse"];
                };
            };
            /** @description Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneralError"];
                };
            };
            /** @description Unauthorized - invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneralError"];
                };
            };
            /** @description Too many queued requests; nothing was queued or charged */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateLimitError"];
                };
            };
            /** @description Internal server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneralError"];
                };
            };
        };
    };
    receiveVideoWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookPayload"];
            };
        };
        responses: {
            /** @description Any 2xx within 30 s acknowledges the delivery */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The receiver rejected the delivery; ModelsLab may send it again */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
