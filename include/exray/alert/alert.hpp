// SPDX-License-Identifier: Apache-2.0
// exray alert: one notice per owner, naming what they must do, and only what changed since the
// owner was last told (the store remembers what each notice said about each host).
//
// Owners come from a CSV file (`match,organisation,contact,email`: one row per address range or
// host name; rows with the same organisation are one owner). A host is affected when its latest
// sighting is an Exchange server open to at least one advisory, or a hunt found something of
// high severity or more on it. Each notice comes as plain text, JSON and an .eml message.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/inventory/inventory.hpp"
#include "exray/store/store.hpp"

namespace exray::alert {

struct Owner {
  std::string organisation, contact, email;
};

// Which owner a host belongs to: a host name rule (exact, or `*.example.org` for a domain)
// wins over an address rule, and a narrower address range over a wider one.
class Owners {
 public:
  [[nodiscard]] static Result<Owners> read(const std::filesystem::path& csv);
  Owners(Owners&&) noexcept;
  Owners& operator=(Owners&&) noexcept;
  ~Owners();
  // `names`: the host's names (the one scanned, its certificate's, a hunt's host name).
  [[nodiscard]] const Owner* owner_of(const std::string& address, const std::vector<std::string>& names) const;
  [[nodiscard]] const std::vector<Owner>& all() const noexcept;

 private:
  struct Rules;
  explicit Owners(std::unique_ptr<Rules> rules);
  std::unique_ptr<Rules> rules_;
};

struct OpenAdvisory {
  std::string advisory, state, install, upgrade_to, since;
};

enum class Change : std::uint8_t { added, changed, unchanged, resolved };
[[nodiscard]] std::string_view to_string(Change change) noexcept;

struct HostNotice {
  inventory::HostKey host;
  Change change = Change::added;
  std::string build, cu, seen;  // latest sighting; empty for a host known only from a hunt
  std::vector<OpenAdvisory> open;
  std::vector<store::FindingRow> findings;
  std::string state;  // what the notice says, in one line: compared with the next notice
};

struct Notice {
  Owner owner;
  std::string since_last;  // when this owner was last told, or empty
  std::vector<HostNotice> hosts;
};

struct Alerts {
  std::vector<Notice> notices;              // owners with something to hear, in CSV order
  std::vector<inventory::HostKey> unowned;  // affected hosts no rule names
};

// `all`: every affected host, not only what changed since the owner's last notice.
[[nodiscard]] Result<Alerts> prepare(const store::Store& store, const Owners& owners, bool all);
// Remembers what the notices said (call once they are written).
[[nodiscard]] Result<void> record(store::Store& store, const Alerts& alerts, const std::string& sent);

struct Letterhead {
  std::string from = "exray@localhost";  // the sender of the .eml
  std::string store;                     // the --db URL, for the hunt command in the notice
  std::string date;                      // ISO 8601 UTC
};
[[nodiscard]] std::string notice_text(const Notice& notice, const Letterhead& letterhead);
[[nodiscard]] std::string notice_json(const Notice& notice, const Letterhead& letterhead);
// An RFC 5322 message (UTF-8 text body, quoted-printable) ready for `sendmail -t`.
[[nodiscard]] std::string notice_eml(const Notice& notice, const Letterhead& letterhead);
// A file name for the owner's notices: lowercase letters, digits and '-'.
[[nodiscard]] std::string file_stem(const Owner& owner);

}  // namespace exray::alert
