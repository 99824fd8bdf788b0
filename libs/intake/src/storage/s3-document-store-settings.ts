/** Where an S3-compatible object store keeps intake's documents (INTAKE_DOCUMENT_S3_*). */
export interface S3DocumentStoreSettings {
  readonly bucket: string;
  readonly region: string;
  /** e.g. `http://127.0.0.1:9590`; unset: AWS's own endpoint of the region. */
  readonly endpoint?: string;
  /** `<endpoint>/<bucket>/<key>` instead of `<bucket>.<endpoint>/<key>` (most S3-compatible servers). */
  readonly forcePathStyle: boolean;
  /** Put before every object key, e.g. `intake/`. */
  readonly keyPrefix: string;
  /** Unset: the SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, instance role). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}
