// Which phone extension a channel or queue interface belongs to.

const EXTENSION = /^\d{2,8}$/;

/**
 * "PJSIP/101-00000016" -> "101", "SIP/101-0000000a" -> "101", queue interface "PJSIP/101" -> "101",
 * "Local/101@from-queue-0000001;1" and "Local/101@from-queue/n" -> "101". Trunks and anything that is
 * not 2-8 digits ("PJSIP/trunk-00000015") -> null: only a person's phone answers for the desk.
 */
export function extensionOf(name: string | null | undefined): string | null {
  if (!name) return null;
  const slash = name.indexOf('/');
  if (slash <= 0) return null;
  const tech = name.slice(0, slash).toLowerCase();
  let resource = name.slice(slash + 1);
  if (tech === 'local') {
    resource = resource.split('@')[0] ?? '';
  } else {
    const dash = resource.lastIndexOf('-');
    // The channel counter suffix: hex digits, with ";1"/";2" on some technologies.
    if (dash > 0 && /^[0-9a-f]+(;\d+)?$/i.test(resource.slice(dash + 1))) resource = resource.slice(0, dash);
  }
  return EXTENSION.test(resource) ? resource : null;
}
