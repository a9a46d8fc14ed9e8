-- Triggers outside Prisma's schema language ---------------------------------------------
-- A user's name shows on the public pages (a host's on their listings, a reviewer's on their
-- reviews), so renaming one moves the public pages' version like the listing tables do.
CREATE TRIGGER "users_public_pages" AFTER UPDATE OF "name" ON "users"
  FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name")
  EXECUTE FUNCTION "bump_public_pages_version"();
