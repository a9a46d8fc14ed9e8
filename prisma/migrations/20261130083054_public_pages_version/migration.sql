-- CreateTable
CREATE TABLE "cache_versions" (
    "key" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cache_versions_pkey" PRIMARY KEY ("key")
);

INSERT INTO "cache_versions" ("key") VALUES ('public-pages');

-- Triggers outside Prisma's schema language ---------------------------------------------
-- The public pages' version moves in the transaction that changes what they show, so an
-- instance that reads the new version also reads the change (it is committed by then).

CREATE FUNCTION "bump_public_pages_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "cache_versions" SET "version" = "version" + 1, "changed_at" = CURRENT_TIMESTAMP
  WHERE "key" = 'public-pages';
  RETURN NULL;
END;
$$;

-- The statuses in which a booking holds its slot (as in the bookings_no_overlap constraint).
CREATE FUNCTION "booking_holds_slot"(status "BookingStatus") RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT status IN ('REQUESTED', 'ACCEPTED', 'CHARGING', 'PAID', 'PAYMENT_FAILED', 'COMPLETED')
$$;

-- Bookings: only when a slot is taken, freed or moved (not on every status change: charging
-- a booking keeps its slot and must not queue behind the version row).
CREATE TRIGGER "bookings_public_pages_insert" AFTER INSERT ON "bookings"
  FOR EACH ROW WHEN (booking_holds_slot(NEW."status"))
  EXECUTE FUNCTION "bump_public_pages_version"();
CREATE TRIGGER "bookings_public_pages_update" AFTER UPDATE ON "bookings"
  FOR EACH ROW WHEN (
    booking_holds_slot(OLD."status") <> booking_holds_slot(NEW."status")
    OR (booking_holds_slot(NEW."status")
        AND (OLD."listing_id", OLD."starts_at", OLD."ends_at") IS DISTINCT FROM (NEW."listing_id", NEW."starts_at", NEW."ends_at")))
  EXECUTE FUNCTION "bump_public_pages_version"();
CREATE TRIGGER "bookings_public_pages_delete" AFTER DELETE ON "bookings"
  FOR EACH ROW WHEN (booking_holds_slot(OLD."status"))
  EXECUTE FUNCTION "bump_public_pages_version"();

-- What a listing page or card shows: once per statement.
CREATE TRIGGER "listings_public_pages" AFTER INSERT OR UPDATE OR DELETE ON "listings"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_pages_version"();
CREATE TRIGGER "listing_photos_public_pages" AFTER INSERT OR UPDATE OR DELETE ON "listing_photos"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_pages_version"();
CREATE TRIGGER "opening_hours_public_pages" AFTER INSERT OR UPDATE OR DELETE ON "opening_hours"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_pages_version"();
CREATE TRIGGER "availability_exceptions_public_pages" AFTER INSERT OR UPDATE OR DELETE ON "availability_exceptions"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_pages_version"();
CREATE TRIGGER "reviews_public_pages" AFTER INSERT OR UPDATE OR DELETE ON "reviews"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_pages_version"();
-- Whether a host can be paid decides whether their listings are shown.
CREATE TRIGGER "connected_accounts_public_pages" AFTER INSERT OR UPDATE OR DELETE ON "connected_accounts"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_pages_version"();
