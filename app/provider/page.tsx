import { redirect } from "next/navigation";

export default function ProviderHome() {
  redirect("/provider/listings");
}
