/** What a paid booking's guest needs to get there: the address, entrance and parking, the host. */
export function ArrivalDetails({
  address,
  city,
  arrivalNotes,
  hostName,
  hostEmail,
}: {
  address: string;
  city: string;
  arrivalNotes: string | null;
  hostName: string;
  hostEmail: string;
}) {
  return (
    <section aria-labelledby="arrival-title" className="space-y-3 rounded-2xl border border-birch-200 bg-white p-5">
      <h2 id="arrival-title" className="text-xl font-semibold">
        Getting there
      </h2>
      <dl className="grid gap-3 text-sm sm:grid-cols-2">
        <div>
          <dt className="font-semibold text-pine-900">Address</dt>
          <dd className="text-pine-800">
            <address className="not-italic">
              {address}
              <br />
              {city}, Finland
            </address>
          </dd>
        </div>
        <div>
          <dt className="font-semibold text-pine-900">Your host</dt>
          <dd className="text-pine-800">
            {hostName}
            <br />
            <a href={`mailto:${hostEmail}`} className="underline">
              {hostEmail}
            </a>
          </dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="font-semibold text-pine-900">Entrance and parking</dt>
          <dd className="whitespace-pre-line text-pine-800">{arrivalNotes ?? "Your host has not added directions yet: ask them by e-mail."}</dd>
        </div>
      </dl>
    </section>
  );
}
