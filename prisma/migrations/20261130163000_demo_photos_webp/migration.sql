-- The bundled demo pictures are WebP photos now (public/saunas/*.webp); the SVG drawings they
-- were made from are no longer shipped. Rows seeded before point at the SVGs: point them at
-- the photos. Uploaded photos (/uploads/…, object storage) do not match and are left alone.
UPDATE "listing_photos"
SET "url" = regexp_replace("url", '^/saunas/([a-z0-9-]+)\.svg$', '/saunas/\1.webp')
WHERE "url" ~ '^/saunas/[a-z0-9-]+\.svg$';
