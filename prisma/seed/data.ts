/**
 * Demo data: who and what `npm run dev` starts with. Prices are integer cents (EUR);
 * opening hours are minutes after local midnight (Europe/Helsinki), ISO weekdays 1–7.
 */
import type { Role } from "@/lib/generated/prisma/client";

/** Every demo account shares this password (printed by `npm run dev`). */
export const DEMO_PASSWORD = "loyly-demo-1";

export interface DemoUser {
  key: string;
  email: string;
  name: string;
  role: Role;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { key: "operator", email: "operator@loyly.test", name: "Olli Operaattori", role: "OPERATOR" },
  { key: "aino", email: "provider@loyly.test", name: "Aino Virtanen", role: "PROVIDER" },
  { key: "matti", email: "provider2@loyly.test", name: "Matti Korhonen", role: "PROVIDER" },
  { key: "sanna", email: "provider3@loyly.test", name: "Sanna Lappalainen", role: "PROVIDER" },
  /** A new host who has not set up payouts yet (see DEMO_HOSTS_NOT_ONBOARDED). */
  { key: "ilona", email: "provider4@loyly.test", name: "Ilona Uusitalo", role: "PROVIDER" },
  { key: "emma", email: "customer@loyly.test", name: "Emma Nieminen", role: "CUSTOMER" },
  { key: "juha", email: "customer2@loyly.test", name: "Juha Mäkinen", role: "CUSTOMER" },
  { key: "liisa", email: "customer3@loyly.test", name: "Liisa Heikkinen", role: "CUSTOMER" },
];

/**
 * Hosts whose Stripe connected account the seed does not set up: their listings take no
 * requests until they go through Get paid (the demo of onboarding). Every other host is
 * onboarded in the emulator (charges and payouts enabled).
 */
export const DEMO_HOSTS_NOT_ONBOARDED: readonly string[] = ["ilona"];

/** A weekly plan: [weekday 1–7, opensAt "HH:MM", closesAt "HH:MM"]. */
type Plan = readonly (readonly [number, string, string])[];

const everyDay = (opens: string, closes: string): Plan =>
  [1, 2, 3, 4, 5, 6, 7].map((d) => [d, opens, closes] as const);
const weekdaysAndWeekend = (weekday: [string, string], weekend: [string, string]): Plan => [
  ...[1, 2, 3, 4, 5].map((d) => [d, ...weekday] as const),
  ...[6, 7].map((d) => [d, ...weekend] as const),
];

export interface DemoListing {
  provider: string;
  slug: string;
  title: string;
  city: string;
  address: string;
  /** Entrance and parking, shown to guests on paid bookings. */
  arrivalNotes?: string;
  description: string;
  hourlyPrice: number;
  capacity: number;
  minHours: number;
  photos: readonly string[];
  hours: Plan;
  /** Blocked local dates as month-day pairs for the coming year, with a reason. */
  blocked?: readonly { month: number; day: number; reason: string }[];
  /** The host's cancellation policy; absent: the marketplace default. */
  cancellationPolicy?: "FLEXIBLE" | "MODERATE" | "STRICT";
}

const holidays = [
  { month: 12, day: 24, reason: "Christmas Eve: the family sauna" },
  { month: 12, day: 25, reason: "Christmas Day" },
];

export const DEMO_LISTINGS: readonly DemoListing[] = [
  {
    provider: "aino",
    slug: "kallio-harbour-sauna",
    arrivalNotes: "Enter through the blue gate on the shore side; the code is in your booking. Park at Hakaniemi market (paid) — no cars on the pier.",
    title: "Harbour sauna by the Hakaniemi shore",
    city: "Helsinki",
    address: "Siltasaarenkärki 2, 00530 Helsinki",
    description:
      "A wood-heated public-style sauna on the water, booked just for your group. Two löyly rooms, a changing room with lockers and a ladder straight into the sea — swim in summer, dip through the ice in winter. Towels and seat covers included; bring your own vihta if you like.",
    hourlyPrice: 9500,
    capacity: 12,
    minHours: 2,
    photos: ["/saunas/urban-harbour.webp", "/saunas/summer-jetty.webp"],
    hours: everyDay("07:00", "23:00"),
    blocked: holidays,
  },
  {
    provider: "aino",
    slug: "lauttasaari-lakeside-cabin",
    cancellationPolicy: "FLEXIBLE",
    arrivalNotes: "The cabin is behind the yellow house: follow the path to the left of the garage. Two parking spaces by the mailbox.",
    title: "Seaside cabin sauna in Lauttasaari",
    city: "Helsinki",
    address: "Vattuniemen puistotie 5, 00210 Helsinki",
    description:
      "A small log cabin on the rocks with a classic kiuas and soft, even löyly. Watch the sunset over the bay from the terrace between rounds. Fits a family or a group of friends; a grill hut is next door.",
    hourlyPrice: 6500,
    capacity: 6,
    minHours: 2,
    photos: ["/saunas/lakeside-sunset.webp", "/saunas/archipelago-dusk.webp"],
    hours: weekdaysAndWeekend(["16:00", "22:00"], ["10:00", "23:00"]),
  },
  {
    provider: "aino",
    slug: "nuuksio-smoke-sauna",
    arrivalNotes: "Turn at the wooden Löyly sign 300 m after the bus stop; park in the field by the barn and walk the last 200 m down to the lake.",
    title: "Smoke sauna at the edge of Nuuksio",
    city: "Espoo",
    address: "Nuuksiontie 84, 02820 Espoo",
    description:
      "A traditional savusauna heated for six hours before you arrive, so the logs are dark and the air smells of alder smoke. The gentlest, deepest heat there is. A forest path leads to a small lake with a jetty. Heating is included in the price.",
    hourlyPrice: 12000,
    capacity: 10,
    minHours: 3,
    photos: ["/saunas/forest-smoke.webp", "/saunas/misty-morning.webp"],
    hours: [
      [5, "15:00", "23:00"],
      [6, "12:00", "23:00"],
      [7, "12:00", "20:00"],
    ],
    blocked: [{ month: 6, day: 20, reason: "Midsummer: private event" }, ...holidays],
  },
  {
    provider: "aino",
    slug: "porvoo-riverside-barrel",
    title: "Barrel sauna by the Porvoo river",
    city: "Porvoo",
    address: "Jokikatu 20, 06100 Porvoo",
    description:
      "A cosy barrel sauna on the riverbank a short walk from the old town's red shore houses. Electric heater with a generous stone load; a wooden hot tub can be heated on request.",
    hourlyPrice: 4500,
    capacity: 4,
    minHours: 1,
    photos: ["/saunas/barrel-autumn.webp"],
    hours: everyDay("10:00", "22:00"),
  },
  {
    provider: "matti",
    slug: "pyynikki-lakeside-sauna",
    title: "Lakeside sauna under Pyynikki ridge",
    city: "Tampere",
    address: "Rajaportinkatu 1, 33230 Tampere",
    description:
      "Tampere is the sauna capital of the world and this lakeside sauna on Pyhäjärvi shows why: a big wood-fired stove, steady löyly and a long jetty for swimming. Munkki doughnuts from the observation tower café are ten minutes away.",
    hourlyPrice: 8000,
    capacity: 10,
    minHours: 2,
    photos: ["/saunas/summer-jetty.webp", "/saunas/lakeside-sunset.webp"],
    hours: weekdaysAndWeekend(["12:00", "22:00"], ["09:00", "23:00"]),
    blocked: holidays,
  },
  {
    provider: "matti",
    slug: "nasijarvi-ice-hole",
    title: "Winter sauna with an ice-swimming hole",
    city: "Tampere",
    address: "Kaupinojankatu 10, 33500 Tampere",
    description:
      "A log sauna on Näsijärvi with an avanto kept open all winter. Heat up, walk the snowy path to the hole, and come back to a hot room and a kettle of berry juice. In summer the same jetty is a swimming spot.",
    hourlyPrice: 7000,
    capacity: 8,
    minHours: 2,
    photos: ["/saunas/winter-hole.webp", "/saunas/aurora-cabin.webp"],
    hours: everyDay("08:00", "21:00"),
  },
  {
    provider: "matti",
    slug: "jyvaskyla-harju-modern",
    title: "Glass-front sauna on Jyväsjärvi",
    city: "Jyväskylä",
    address: "Satamakatu 1, 40100 Jyväskylä",
    description:
      "Modern Finnish architecture: birch panels, a wall of glass towards the lake and a wood-burning stove that heats up in forty minutes. A lounge with a fireplace and a small kitchen makes this ideal for team evenings.",
    hourlyPrice: 11000,
    capacity: 14,
    minHours: 2,
    photos: ["/saunas/modern-glass.webp", "/saunas/aurora-lake.webp"],
    hours: weekdaysAndWeekend(["15:00", "23:00"], ["11:00", "23:00"]),
  },
  {
    provider: "matti",
    slug: "kuopio-jatkankamppa",
    title: "Lumberjack-style sauna on Kallavesi",
    city: "Kuopio",
    address: "Väinölänniementie 2, 70600 Kuopio",
    description:
      "A roomy wood-heated sauna in the spirit of the old lumberjack camps, right on Kallavesi. Swim from the sandy beach, then warm up by the campfire. Groups can order a plate of muikku (fried vendace) from the neighbouring café.",
    hourlyPrice: 8500,
    capacity: 16,
    minHours: 2,
    photos: ["/saunas/autumn-lake.webp", "/saunas/lakeside-sunset.webp"],
    hours: [
      [2, "16:00", "22:00"],
      [4, "16:00", "22:00"],
      [5, "14:00", "23:00"],
      [6, "12:00", "23:00"],
    ],
    blocked: holidays,
  },
  {
    provider: "matti",
    slug: "lahti-vesijarvi-tent",
    title: "Tent sauna on the Vesijärvi beach",
    city: "Lahti",
    address: "Ankkurikatu 7, 15140 Lahti",
    description:
      "A sturdy tent sauna with a wood stove, pitched on the sand a few steps from the water. Light, playful löyly and the best value for a quick evening swim with friends.",
    hourlyPrice: 3500,
    capacity: 6,
    minHours: 1,
    photos: ["/saunas/tent-sauna.webp"],
    hours: [
      [3, "17:00", "22:00"],
      [5, "17:00", "23:00"],
      [6, "12:00", "23:00"],
      [7, "12:00", "21:00"],
    ],
  },
  {
    provider: "sanna",
    slug: "rovaniemi-aurora-cabin",
    title: "Aurora cabin sauna by the Kemijoki",
    city: "Rovaniemi",
    address: "Ounasvaarantie 15, 96400 Rovaniemi",
    description:
      "A snug log sauna outside the town lights, where the northern lights often dance above the river from September to March. Roll in fresh snow between rounds. Warm blankets and cloudberry tea included.",
    hourlyPrice: 13000,
    capacity: 6,
    minHours: 2,
    photos: ["/saunas/aurora-cabin.webp", "/saunas/aurora-lake.webp"],
    hours: everyDay("16:00", "24:00"),
    blocked: holidays,
  },
  {
    provider: "sanna",
    slug: "levi-fell-sauna",
    title: "Fell-side sauna hut near Levi",
    city: "Kittilä",
    address: "Tunturitie 3, 99130 Kittilä",
    description:
      "A modern sauna hut at the foot of the fell with a panoramic window. After a day on the ski slopes, sit in the heat and watch the stars come out over the snow.",
    hourlyPrice: 10000,
    capacity: 8,
    minHours: 2,
    photos: ["/saunas/lapland-fell.webp", "/saunas/aurora-cabin.webp"],
    hours: everyDay("14:00", "23:00"),
  },
  {
    provider: "sanna",
    slug: "oulu-nallikari-beach",
    title: "Beach sauna at Nallikari",
    city: "Oulu",
    address: "Hietasaarentie 9, 90510 Oulu",
    description:
      "A seaside sauna on Oulu's sandy Nallikari beach: wide benches, a large electric kiuas with plenty of stones and the Bothnian Bay outside the door. Midnight sun in June, ice swimming in February.",
    hourlyPrice: 6000,
    capacity: 10,
    minHours: 1,
    photos: ["/saunas/summer-jetty.webp", "/saunas/winter-hole.webp"],
    hours: weekdaysAndWeekend(["06:00", "22:00"], ["08:00", "22:00"]),
  },
  {
    provider: "sanna",
    slug: "turku-ruissalo-villa",
    title: "Villa sauna on Ruissalo island",
    city: "Turku",
    address: "Ruissalon puistotie 40, 20100 Turku",
    description:
      "An old villa's shore sauna among oaks on Ruissalo, with a view to the archipelago and ships passing to Stockholm. Wood-heated, with a terrace, a rowing boat and a changing room with a fireplace.",
    hourlyPrice: 9000,
    capacity: 8,
    minHours: 2,
    photos: ["/saunas/archipelago-dusk.webp", "/saunas/autumn-lake.webp"],
    hours: weekdaysAndWeekend(["15:00", "22:00"], ["10:00", "22:00"]),
    blocked: holidays,
  },
  {
    provider: "sanna",
    slug: "inari-wilderness-smoke",
    cancellationPolicy: "STRICT",
    title: "Wilderness smoke sauna by Lake Inari",
    city: "Inari",
    address: "Inarintie 46, 99870 Inari",
    description:
      "Far in the north, a smoke sauna on the shore of Lake Inari, heated the old way and surrounded by pine forest. Quiet, dark and soft; a reindeer-skin bench waits in the cold room.",
    hourlyPrice: 14000,
    capacity: 8,
    minHours: 3,
    photos: ["/saunas/forest-smoke.webp", "/saunas/lapland-fell.webp"],
    hours: [
      [5, "16:00", "23:00"],
      [6, "14:00", "23:00"],
    ],
  },
  {
    provider: "ilona",
    slug: "porvoo-riverside-cabin",
    title: "Riverside cabin sauna in old Porvoo",
    city: "Porvoo",
    address: "Jokikatu 14, 06100 Porvoo",
    description:
      "A small red cabin sauna on the Porvoo river bank, a short walk from the old town's wooden houses. Electric stove, a cold shower under the birches and a bench on the jetty.",
    hourlyPrice: 4500,
    capacity: 4,
    minHours: 1,
    photos: ["/saunas/autumn-lake.webp"],
    hours: everyDay("12:00", "21:00"),
  },
];
