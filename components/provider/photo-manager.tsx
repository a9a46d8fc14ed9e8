"use client";
import Image from "next/image";
import { useActionState } from "react";
import { ActionButton } from "@/components/ui/action-button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { fieldError, type FormState } from "@/lib/actions/form-state";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

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
  const [uploadState, uploadAction] = useActionState(upload, null);
  const [bundledState, bundledAction] = useActionState(addBundled, null);
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
                  <ActionButton action={makeCover} fields={{ photoId: photo.id }} label={`Make photo ${i + 1} the cover`}>
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
          <form action={uploadAction} className="space-y-3 rounded-xl border border-birch-200 bg-white p-4" aria-label="Upload a photo">
            <h3 className="font-semibold">Upload a photo</h3>
            <FormMessage state={uploadState} />
            <TextField
              name="photo"
              type="file"
              label="Photo file"
              accept="image/jpeg,image/png,image/webp"
              required
              hint="JPEG, PNG or WebP, at most 5 MB."
              error={fieldError(uploadState, "photo")}
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
