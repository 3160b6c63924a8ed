// Machine-written by `npm run generate` from generated/openapi.yaml. Do not edit.
import type { components } from "./schema.js";

/** A JSON Schema type name. */
export type JsonTypeName = "string" | "integer" | "number" | "boolean" | "null" | "array" | "object";

/** One field of a submit request body, as the merged document declares it. */
export interface RequestFieldSpec {
  readonly name: string;
  /** The JSON types it accepts (its `type`, or those of its oneOf/anyOf branches). */
  readonly types: readonly JsonTypeName[];
  readonly required: boolean;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly format?: string;
  /** The first documented example. */
  readonly example?: unknown;
  readonly description?: string;
}

/** One model of a submit whose request depends on the model: its id, the page its constraints come from, its fields. */
export interface ModelFieldsSpec {
  readonly modelId: string;
  readonly page: string;
  readonly fields: readonly RequestFieldSpec[];
}

/**
 * The fields of each submit operation's request body, in document order; `key` is left out (the
 * client adds it). Where the request is one schema per model, these are the generic request's
 * fields, which a model_id not in `modelFieldIndex` is checked against.
 */
export const requestFieldIndex: Record<"submitV6Img2Video" | "submitV6Img2VideoUltra" | "submitV7ImageToVideo" | "submitEnterpriseImg2Video" | "submitEnterpriseUltraImg2Video", readonly RequestFieldSpec[]> = {
  submitV6Img2Video: [
    {"name":"model_id","types":["string"],"required":true,"enum":["wan2.2","ltx-2.3"],"description":"The ID of the model to use"},
    {"name":"init_image","types":["string"],"required":true,"format":"uri","description":"URL of the initial image"},
    {"name":"prompt","types":["string"],"required":false,"description":"Text prompt describing desired video elements"},
    {"name":"negative_prompt","types":["string"],"required":false,"description":"Items you don't want in the video"},
    {"name":"height","types":["integer"],"required":false,"description":"Height in pixels"},
    {"name":"width","types":["integer"],"required":false,"description":"Width in pixels"},
    {"name":"num_frames","types":["integer"],"required":false,"default":16,"description":"Number of frames"},
    {"name":"num_inference_steps","types":["integer"],"required":false,"default":20,"description":"Number of denoising steps"},
    {"name":"min_guidance_scale","types":["number"],"required":false,"default":1,"description":"Start value of guidance scale"},
    {"name":"max_guidance_scale","types":["number"],"required":false,"default":3,"description":"End value of guidance scale"},
    {"name":"motion_bucket_id","types":["integer"],"required":false,"default":127,"description":"Motion control parameter"},
    {"name":"noise_aug_strength","types":["number"],"required":false,"description":"Noise augmentation strength"},
    {"name":"fps","types":["integer"],"required":false,"description":"Frames per second"},
    {"name":"output_type","types":["string"],"required":false,"enum":["mp4","gif"],"description":"Output format"},
    {"name":"temp","types":["boolean"],"required":false,"default":false,"description":"Store in temporary storage"},
    {"name":"webhook","types":["string","null"],"required":false,"format":"uri","description":"Webhook URL"},
    {"name":"track_id","types":["string","null"],"required":false,"description":"Tracking ID"},
  ],
  submitV6Img2VideoUltra: [
    {"name":"model_id","types":["string"],"required":false,"enum":["wan2.2","ltx-2.3"],"default":"wan2.2","description":"The model ID to use for video generation. wan2.2 or ltx-2.3"},
    {"name":"prompt","types":["string"],"required":true,"description":"Text prompt describing the video content"},
    {"name":"init_image","types":["string"],"required":true,"description":"URL of the initial image"},
    {"name":"negative_prompt","types":["string"],"required":false,"description":"Items you don't want in the video"},
    {"name":"seed","types":["integer","null"],"required":false,"description":"Seed for reproducible results"},
    {"name":"resolution","types":["integer"],"required":false,"description":"Output video resolution. For wan2.2 maximum resolution is 720p"},
    {"name":"num_frames","types":["integer"],"required":false,"default":81,"description":"Number of frames"},
    {"name":"num_inference_steps","types":["integer"],"required":false,"default":25,"description":"Number of denoising steps"},
    {"name":"guidance_scale","types":["number"],"required":false,"description":"Guidance scale"},
    {"name":"fps","types":["integer"],"required":false,"description":"Frames per second"},
    {"name":"portrait","types":["boolean"],"required":false,"default":false,"description":"Portrait mode gives output in 9:16 aspect ratio."},
    {"name":"sample_shift","types":["integer"],"required":false,"default":5,"description":"Sampling shift"},
    {"name":"base64","types":["boolean"],"required":false,"default":false,"description":"Input image is base64 format"},
    {"name":"temp","types":["boolean"],"required":false,"default":false,"description":"Store in temporary storage"},
    {"name":"webhook","types":["string","null"],"required":false,"format":"uri","description":"Webhook URL"},
    {"name":"track_id","types":["string","null"],"required":false,"description":"Tracking ID"},
  ],
  submitV7ImageToVideo: [
    {"name":"init_image","types":["string","array"],"required":true,"description":"Add the image to convert it to video using prompt"},
    {"name":"init_audio","types":["string"],"required":false,"description":"The video content will attempt to align with the audio content, such as lip movements and rhythm. Format: WAV, MP3. If the audio duration exceeds the duration value (5 or 10 seconds), the first 5 or 10 seconds are automatically used, and the rest is discarded. If the audio is shorter than the video duration, the part of the video beyond the audio length will be silent."},
    {"name":"prompt","types":["string"],"required":false,"description":"Enter a prompt to define the actions you want your image to perform."},
    {"name":"model_id","types":["string"],"required":true,"example":"wan2.6-i2v","description":"Model_id for selecting the model from mutiple models"},
    {"name":"duration","types":["string"],"required":false,"example":"5","description":"The duration of the generated video in seconds."},
    {"name":"resolution","types":["string"],"required":false,"example":"720p","description":"The resolution of the generated video in pixel."},
  ],
  submitEnterpriseImg2Video: [
    {"name":"model_id","types":["string"],"required":true,"enum":["svd"],"description":"The ID of the model to use. Allowed values: svd."},
    {"name":"negative_prompt","types":["string"],"required":false,"description":"Items you do not want in the video."},
    {"name":"enhance_prompt","types":["string"],"required":false,"enum":["yes","no"],"default":"yes","description":"Enhance prompts for better results. Options: yes/no."},
    {"name":"init_image","types":["string"],"required":false,"description":"A link or base64 equivalent of a valid PNG, JPEG, or other image format file to use as initial image conditioning."},
    {"name":"height","types":["integer"],"required":false,"default":512,"description":"The height of the video in pixels. Maximum: 512."},
    {"name":"width","types":["integer"],"required":false,"default":512,"description":"The width of the video in pixels. Maximum: 512."},
    {"name":"num_frames","types":["integer"],"required":false,"default":16,"description":"The number of frames in the generated video. Default: 16, Maximum: 25."},
    {"name":"num_inference_steps","types":["integer"],"required":false,"default":20,"description":"The number of denoising steps. Default: 20, Maximum: 50."},
    {"name":"min_guidance_scale","types":["number"],"required":false,"default":0,"description":"The start value of the guidance scale for video generation when using svd as the model."},
    {"name":"max_guidance_scale","types":["number"],"required":false,"default":8,"description":"The end value of the guidance scale for video generation when using svd as the model."},
    {"name":"motion_bucket_id","types":["integer"],"required":false,"default":127,"description":"Higher values lead to more motion in generated videos. Default: 127."},
    {"name":"noise_aug_strength","types":["number"],"required":false,"default":0.5,"description":"The strength for noise initialization when using svd as the model."},
    {"name":"fps","types":["integer"],"required":false,"default":8,"description":"Frames per second rate of the generated video. Maximum: 16."},
    {"name":"output_type","types":["string"],"required":false,"enum":["mp4","gif","base64"],"default":"mp4","description":"The output type of the video. Options: mp4, gif, base64."},
    {"name":"latent_interpolation_method","types":["string"],"required":false,"enum":["lerp","slerp"],"default":"lerp","description":"The interpolation method for generating the video. Default: lerp."},
    {"name":"clip_skip","types":["integer","null"],"required":false,"description":"The number of CLIP layers to skip. Default: null. Maximum: 2."},
    {"name":"instant_response","types":["boolean"],"required":false,"default":false,"description":"If true, returns an instant response with future links for queued requests instead of waiting for processing."},
    {"name":"temp","types":["boolean"],"required":false,"default":false,"description":"If true, stores generations in temporary storage. Temporary files are cleaned every 24 hours."},
    {"name":"webhook","types":["string","null"],"required":false,"format":"uri","description":"Provide a URL to receive a POST API call once the video generation is complete."},
    {"name":"track_id","types":["integer","null"],"required":false,"description":"This ID is returned in the response to the webhook API call and will be used to identify the webhook request."},
    {"name":"base64","types":["boolean"],"required":false,"default":false,"description":"Whether init_image is base64 data rather than a URL"},
  ],
  submitEnterpriseUltraImg2Video: [
    {"name":"prompt","types":["string"],"required":true,"description":"Text prompt with a description of the things you want in the video to be generated."},
    {"name":"init_image","types":["string"],"required":false,"description":"Link equivalent of a valid PNG, JPEG, or other image format file to use as initial image conditioning."},
    {"name":"negative_prompt","types":["string"],"required":false,"description":"Items you don't want in the video."},
    {"name":"seed","types":["integer","null"],"required":false,"description":"Seed is used to reproduce results. The same seed will give you the same output again. Pass null for random."},
    {"name":"resolution","types":["number"],"required":false,"description":"Resolution of the generated output. Maximum is 480."},
    {"name":"num_frames","types":["integer"],"required":false,"default":92,"description":"The number of frames in the generated video. Default is 92."},
    {"name":"num_inference_steps","types":["integer"],"required":false,"default":8,"description":"Number of denoising steps. Required range: `x <= 8`"},
    {"name":"guidance_scale","types":["number"],"required":false,"description":"Scale for classifier-free guidance. Min is 1.0, Max is 2.0."},
    {"name":"fps","types":["integer"],"required":false,"description":"Frames per second of the generated video. Should be less than num_frames. Maximum is 18."},
    {"name":"portrait","types":["boolean"],"required":false,"default":false,"description":"Indicates whether the output should be in portrait mode. Accepts true or false. Default is false."},
    {"name":"sample_shift","types":["integer"],"required":false,"default":"3","description":"Controls the sampling shift in the generation process. Default is 3."},
    {"name":"temp","types":["boolean"],"required":false,"default":false,"description":"If true, stores the video in temporary storage (cleaned every 24 hours). Default is false."},
    {"name":"webhook","types":["string","null"],"required":false,"format":"uri","description":"A URL to receive a POST API call once the video generation is complete."},
    {"name":"track_id","types":["string","null"],"required":false,"description":"A unique ID used in the webhook response to identify the request."},
  ],
};

/** The submits whose request is one schema per model (discriminated on model_id): each known model's fields. */
export const modelFieldIndex: Partial<Record<"submitV6Img2Video" | "submitV6Img2VideoUltra" | "submitV7ImageToVideo" | "submitEnterpriseImg2Video" | "submitEnterpriseUltraImg2Video", readonly ModelFieldsSpec[]>> = {
  submitV7ImageToVideo: [
    {
      modelId: "wan2.6-i2v",
      page: "https://modelslab.com/models/alibaba_cloud/wan-2.6-image-to-video/api",
      fields: [
        {"name":"model_id","types":["string"],"required":true,"enum":["wan2.6-i2v"],"description":"Model_id for selecting the model from mutiple models"},
        {"name":"init_image","types":["string"],"required":true,"description":"Add the image to convert it to video using prompt"},
        {"name":"prompt","types":["string"],"required":false,"description":"Enter a prompt to define the actions you want your image to perform."},
        {"name":"init_audio","types":["string"],"required":false,"description":"Audio URL (WAV, MP3); cut to the first 5 or 10 seconds of audio"},
        {"name":"duration","types":["string"],"required":false,"example":"5","description":"The duration of the generated video in seconds."},
        {"name":"resolution","types":["string"],"required":false,"example":"720p","description":"The resolution of the generated video in pixel."},
      ],
    },
    {
      modelId: "wan2.6-i2v-flash",
      page: "https://modelslab.com/models/alibaba_cloud/wan2.6-flash-image-to-video/api",
      fields: [
        {"name":"model_id","types":["string"],"required":true,"enum":["wan2.6-i2v-flash"],"description":"Model_id for selecting the model from mutiple models"},
        {"name":"init_image","types":["string"],"required":true,"description":"Add the image to convert it to video using prompt"},
        {"name":"prompt","types":["string"],"required":false,"description":"Enter a prompt to define the actions you want your image to perform."},
        {"name":"init_audio","types":["string","null"],"required":false,"description":"Audio URL (WAV, MP3); the page's text says the first 5 or 10 seconds are used"},
        {"name":"duration","types":["string"],"required":false,"example":"15","description":"The duration of the generated video in seconds."},
        {"name":"resolution","types":["string"],"required":false,"example":"720p","description":"The resolution of the generated video in pixel."},
      ],
    },
    {
      modelId: "wan2.5-i2v",
      page: "https://modelslab.com/models/alibaba_cloud/wan25-image-to-video/api",
      fields: [
        {"name":"model_id","types":["string"],"required":true,"enum":["wan2.5-i2v"],"description":"Model_id for selecting the model from mutiple models"},
        {"name":"init_image","types":["string"],"required":true,"description":"Add the image to convert it to video using prompt"},
        {"name":"prompt","types":["string"],"required":false,"description":"Enter a prompt to define the actions you want your image to perform."},
        {"name":"init_audio","types":["string"],"required":false,"description":"Audio URL (WAV, MP3); cut to the first 5 or 10 seconds of audio"},
        {"name":"duration","types":["string"],"required":false,"description":"The duration of the generated video in seconds."},
        {"name":"resolution","types":["string"],"required":false,"example":"720P","description":"The resolution of the generated video in pixel."},
      ],
    },
    {
      modelId: "kling-v1-6",
      page: "https://modelslab.com/models/klingai/Kling%20V1.6%20Multi%20Image%20To%20Video/api",
      fields: [
        {"name":"model_id","types":["string"],"required":true,"enum":["kling-v1-6"],"description":"Model_id for selecting the model from mutiple models"},
        {"name":"init_image","types":["array"],"required":true,"description":"The images, as URLs (multi-image)"},
        {"name":"prompt","types":["string"],"required":false,"description":"Enter a prompt to define the actions you want your image to perform."},
        {"name":"duration","types":["string"],"required":false,"enum":["5","10"],"example":"10","description":"The duration of the generated video in seconds."},
        {"name":"aspect_ratio","types":["string"],"required":false,"enum":["16:9","9:16","1:1"],"example":"16:9","description":"The aspect ratio of the generated video"},
      ],
    },
    {
      modelId: "Kling-V2-5-Turbo-i2v",
      page: "https://modelslab.com/models/klingai/Kling-V2-5-Turbo-image-to-video/api",
      fields: [
        {"name":"model_id","types":["string"],"required":true,"enum":["Kling-V2-5-Turbo-i2v"],"description":"Model_id for selecting the model from mutiple models"},
        {"name":"init_image","types":["string"],"required":true,"description":"Add the image to convert it to video using prompt"},
        {"name":"prompt","types":["string"],"required":false,"description":"Enter a prompt to define the actions you want your image to perform."},
        {"name":"duration","types":["string"],"required":false,"enum":["5","10"],"default":"5","description":"The duration of the generated video in seconds."},
      ],
    },
    {
      modelId: "kling-v2-1-master-i2v",
      page: "https://modelslab.com/models/klingai/kling-v2-1-master-image-to-video/api",
      fields: [
        {"name":"model_id","types":["string"],"required":true,"enum":["kling-v2-1-master-i2v"],"description":"Model_id for selecting the model from mutiple models"},
        {"name":"init_image","types":["string"],"required":true,"description":"Add the image to convert it to video using prompt"},
        {"name":"prompt","types":["string"],"required":false,"description":"Enter a prompt to define the actions you want your image to perform."},
        {"name":"duration","types":["string"],"required":false,"enum":["5","10"],"default":"5","description":"The duration of the generated video in seconds."},
      ],
    },
    {
      modelId: "Hailuo-2.3-i2v",
      page: "https://modelslab.com/models/minimax/Hailuo-2.3-image-to-video/api",
      fields: [
        {"name":"model_id","types":["string"],"required":true,"enum":["Hailuo-2.3-i2v"],"description":"Model_id for selecting the model from mutiple models"},
        {"name":"init_image","types":["string"],"required":true,"description":"Add the image to convert it to video using prompt"},
        {"name":"prompt","types":["string"],"required":true,"description":"Enter a prompt to define the actions you want your image to perform."},
        {"name":"duration","types":["string"],"required":false,"enum":["6","10"],"default":"6","description":"The duration of the generated video in seconds."},
      ],
    },
  ],
};

/** The request of each model submitV7ImageToVideo knows, by model_id (the key included). */
export interface submitV7ImageToVideoModelRequests {
  "wan2.6-i2v": components["schemas"]["V7ModelWan26I2vRequest"];
  "wan2.6-i2v-flash": components["schemas"]["V7ModelWan26I2vFlashRequest"];
  "wan2.5-i2v": components["schemas"]["V7ModelWan25I2vRequest"];
  "kling-v1-6": components["schemas"]["V7ModelKlingV16Request"];
  "Kling-V2-5-Turbo-i2v": components["schemas"]["V7ModelKlingV25TurboI2vRequest"];
  "kling-v2-1-master-i2v": components["schemas"]["V7ModelKlingV21MasterI2vRequest"];
  "Hailuo-2.3-i2v": components["schemas"]["V7ModelHailuo23I2vRequest"];
}

/** The request of a model_id submitV7ImageToVideo does not know. */
export type submitV7ImageToVideoOtherModelRequest = components["schemas"]["V7OtherModelRequest"];
