import type { Role } from "@/lib/generated/prisma/enums";

/** Who is acting: what domain functions need to authorise a call. */
export interface Actor {
  id: string;
  role: Role;
}
