"use client";
import Image from "next/image";
import { useActionState, useState } from "react";
import { ActionButton } from "@/components/ui/action-button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { fieldError, type FormState } from "@/lib/actions/form-state";

/** Same limit as lib/listings/uploads.ts (checked again on the server). */
const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

const TOO_LARGE = "The photo must be at most 5 MB.";
const UPLOAD_FAILED = "The photo could not be uploaded. Use a JPEG, PNG or WebP image of at most 5 MB and try again.";

function uploadFailure(message: string): FormState {
  return { ok: false, message: "The photo was not uploaded.", fieldErrors: { photo: [message] }, values: {} };
}

interface Photo {
  id: string;
  url: string;
  alt: string;
}

export function PhotoManager({
  photos,
  pictures,
  upload,
  addBundled,
  remove,
  makeCover,
  maxPhotos,
}: {
  photos: readonly Photo[];
  pictures: readonly { url: string; label: string }[];
  upload: Action;
  addBundled: Action;
  remove: Action;
  makeCover: Action;
  maxPhotos: number;
}) {
  const [uploadState, uploadAction] = useActionState(async (previous: FormState, formData: FormData): Promise<FormState> => {
    const file = formData.get("photo");
    if (file instanceof File && file.size > MAX_UPLOAD_BYTES) return uploadFailure(TOO_LARGE);
    try {
      return await upload(previous, formData);
    } catch (error) {
      // The request itself was refused (e.g. too large for the server): say so at the field.
      console.error(error);
      return uploadFailure(error instanceof Error && error.message.startsWith("This upload") ? error.message : UPLOAD_FAILED);
    }
  }, null);
  const [bundledState, bundledAction] = useActionState(addBundled, null);
  // Refuse oversized files before sending them: the upload would be rejected anyway.
  const [sizeError, setSizeError] = useState<string>();
  return (
    <div className="space-y-6">
      {photos.length === 0 ? (
        <p className="text-pine-700">No photos yet. Listings with photos are shown on the home page.</p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Current photos">
          {photos.map((photo, i) => (
            <li key={photo.id} className="space-y-2 rounded-xl border border-birch-200 bg-white p-2">
              <div className="relative aspect-[4/3] overflow-hidden rounded-lg bg-birch-100">
                <Image src={photo.url} alt={photo.alt} fill sizes="250px" className="object-cover" />
              </div>
              <p className="text-xs text-pine-600">{i === 0 ? "Cover photo" : `Photo ${i + 1}`}</p>
              <div className="flex flex-wrap gap-2">
                {i > 0 ? (
                  <ActionButton action={makeCover} fields={{ photoId: photo.id }} label={`Make cover: photo ${i + 1}`}>
                    Make cover
                  </ActionButton>
                ) : null}
                <ActionButton action={remove} fields={{ photoId: photo.id }} variant="danger" label={`Remove photo ${i + 1}`}>
                  Remove
                </ActionButton>
              </div>
            </li>
          ))}
        </ul>
      )}

      {photos.length < maxPhotos ? (
        <div className="grid gap-6 md:grid-cols-2">
          <form
            action={uploadAction}
            onSubmit={(event) => {
              if (sizeError) {
                event.preventDefault();
                event.currentTarget.querySelector<HTMLInputElement>("input[type=file]")?.focus();
              }
            }}
            className="space-y-3 rounded-xl border border-birch-200 bg-white p-4"
            aria-label="Upload a photo"
          >
            <h3 className="font-semibold">Upload a photo</h3>
            <FormMessage state={uploadState} />
            <TextField
              name="photo"
              type="file"
              label="Photo file"
              accept="image/jpeg,image/png,image/webp"
              required
              hint="JPEG, PNG or WebP, at most 5 MB."
              error={sizeError ?? fieldError(uploadState, "photo")}
              onChange={(event) => {
                const file = event.currentTarget.files?.[0];
                setSizeError(file && file.size > MAX_UPLOAD_BYTES ? TOO_LARGE : undefined);
              }}
            />
            <TextField name="alt" label="Describe the photo (for screen readers)" maxLength={200} error={fieldError(uploadState, "alt")} />
            <SubmitButton pendingText="Uploading…">Upload photo</SubmitButton>
          </form>
          {pictures.length > 0 ? (
            <form action={bundledAction} className="space-y-3 rounded-xl border border-birch-200 bg-white p-4" aria-label="Add a bundled picture">
              <h3 className="font-semibold">Or use one of our pictures</h3>
              <FormMessage state={bundledState} />
              <SelectField
                name="url"
                label="Picture"
                options={pictures.map((p) => ({ value: p.url, label: p.label }))}
                error={fieldError(bundledState, "url")}
              />
              <SubmitButton pendingText="Adding…">Add picture</SubmitButton>
            </form>
          ) : null}
        </div>
      ) : (
        <p className="text-pine-700">This listing has the maximum of {maxPhotos} photos.</p>
      )}
    </div>
  );
}
