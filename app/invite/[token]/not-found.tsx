/**
 * The invitation 404: its layout (./layout.tsx) already says why the link cannot be used, so
 * nothing is added here.
 */
export default function InvitationNotFound() {
  return null;
}
