"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionWithId, noFields } from "@/lib/actions";
import { liftThrottle } from "@/lib/auth/throttle";
import { changeUserRole, setUserSuspended } from "@/lib/auth/users";
import { prisma } from "@/lib/db";

const OPERATOR = ["OPERATOR"] as const;

export const changeRoleAction = actionWithId(
  z.object({ role: z.enum(["CUSTOMER", "PROVIDER", "OPERATOR"], { error: "Choose a role." }) }),
  ({ id, input, user }) => changeUserRole(prisma, user, id, input.role),
  {
    access: OPERATOR,
    onSuccess: () => {
      revalidatePath("/admin/users");
      return "Role changed.";
    },
  },
);

export const setSuspendedAction = actionWithId(
  z.object({ suspended: z.enum(["true", "false"]).transform((v) => v === "true") }),
  ({ id, input, user }) => setUserSuspended(prisma, user, id, input.suspended),
  {
    access: OPERATOR,
    onSuccess: (result) => {
      revalidatePath("/admin/users");
      return result.status === "SUSPENDED" ? "User suspended." : "User reactivated.";
    },
  },
);

export const liftLockAction = actionWithId(noFields, ({ id, user }) => liftThrottle(prisma, user, id), {
  access: OPERATOR,
  onSuccess: () => {
    revalidatePath("/admin/users");
    return "Lock lifted.";
  },
});
