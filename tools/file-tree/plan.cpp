// SPDX-License-Identifier: Apache-2.0
// Planning: the planted and synthetic files first (their sizes are fixed), then the benign files
// sized to fill --size, then a few installer-sized files that take up the difference.
#include "plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <unordered_set>

#include "layout.hpp"
#include "synthetic.hpp"

namespace filetree {
namespace {

constexpr std::uint64_t kKiB = 1024, kMiB = kKiB * 1024;

// About log-uniform in [2^lo_bits, 2^hi_bits): a power of two, then a uniform step within it.
// Integer arithmetic only, so sizes do not depend on the libm's last bit.
std::uint64_t log_uniform(Rng& rng, unsigned lo_bits, unsigned hi_bits) {
  const auto base = std::uint64_t{1} << rng.range(lo_bits, hi_bits - 1);
  return base + rng.below(base);
}

std::string_view base_name(std::string_view rel) {
  const auto slash = rel.rfind('/');
  return slash == std::string_view::npos ? rel : rel.substr(slash + 1);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return out;
}

class Planner {
 public:
  Planner(const Sources& sources, Plan& plan) : sources_(sources), plan_(plan) {}

  // A new file `dir`/`name`. Windows ignores case, so names are unique without it: a clash
  // (with a file, or a file with a folder) gets "_2", "_3"... before the extension.
  FileSpec& add(std::string_view dir, std::string_view name) {
    std::string rel = fmt::format("{}/{}", dir, name);
    for (unsigned n = 2; !free(rel); ++n) {
      const auto slash = name.rfind('/');
      auto dot = name.find('.', slash == std::string_view::npos ? 0 : slash + 1);
      if (dot == std::string_view::npos || dot == 0) dot = name.size();
      rel = fmt::format("{}/{}_{}{}", dir, name.substr(0, dot), n, name.substr(dot));
    }
    take(rel);
    auto& f = plan_.files.emplace_back();
    f.rel = std::move(rel);
    return f;
  }
  bool taken(std::string_view dir, std::string_view name) const {
    return files_.contains(lower(fmt::format("{}/{}", dir, name)));
  }

  // Real bytes of `category` for a file of about `target` bytes. Prefers a whole source file
  // within a factor of two of the target (real files, not slices); otherwise the start of a
  // bigger one, or several concatenated. `exact` always gives `target` bytes.
  std::vector<Piece> pick(Category category, std::uint64_t target, bool exact, Rng& rng) const {
    const auto& list = candidates(category);
    const auto size = [&](std::size_t i) { return sources_.files[list[i]].size; };
    const auto n = list.size();
    const auto first = std::partition_point(list.begin(), list.end(),
                                            [&](std::uint32_t s) { return sources_.files[s].size < target; }) -
                       list.begin();
    const auto lo = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, first - 4));
    const auto j = std::min(n - 1, lo + rng.index(9));
    const auto s = size(j);
    if (!exact && 2 * s >= target && s <= 2 * target) return {{list[j], s}};
    if (s >= target) return {{list[j], target}};
    // Concatenate big files, so that a 40 MB target takes a few pieces, not thousands.
    std::vector<Piece> pieces{{list[j], s}};
    for (auto rest = target - s; rest > 0;) {
      const auto k = n - 1 - rng.index(std::max<std::size_t>(1, n / 10));
      const auto len = std::min(size(k), rest);
      pieces.push_back({list[k], len});
      rest -= len;
    }
    return pieces;
  }

  // Markup is never sliced: cycle through the samples in a shuffled order, whole.
  std::uint32_t next_markup(Rng& rng) {
    if (markup_.empty()) {
      markup_ = sources_.of(Category::kAspNet);
      rng.shuffle(std::span(markup_));
    }
    const auto s = markup_.back();
    markup_.pop_back();
    return s;
  }

  const std::vector<std::uint32_t>& candidates(Category category) const {
    if (category == Category::kAspNet && sources_.of(category).empty()) category = Category::kWeb;
    if (!sources_.of(category).empty()) return sources_.of(category);
    if (!sources_.of(Category::kData).empty()) return sources_.of(Category::kData);
    for (const auto& list : sources_.by_category)
      if (!list.empty()) return list;
    throw std::invalid_argument("no readable regular file in --benign-source");
  }

 private:
  bool free(const std::string& rel) const {
    const auto key = lower(rel);
    if (files_.contains(key) || dirs_.contains(key)) return false;
    for (auto slash = key.find('/'); slash != std::string::npos; slash = key.find('/', slash + 1))
      if (files_.contains(key.substr(0, slash))) return false;
    return true;
  }
  void take(const std::string& rel) {
    const auto key = lower(rel);
    for (auto slash = key.find('/'); slash != std::string::npos; slash = key.find('/', slash + 1))
      dirs_.insert(key.substr(0, slash));
    files_.insert(key);
  }

  const Sources& sources_;
  Plan& plan_;
  std::unordered_set<std::string> files_, dirs_;
  std::vector<std::uint32_t> markup_;
};

// Web shell samples, most in the folders the March 2021 attacks used, some in any web folder.
void plant_web_shells(const Sources& sources, const Layout& layout, Planner& planner, Plan& plan, Rng& rng) {
  for (const auto index : sources.webshells) {
    const auto& sample = sources.files[index];
    const auto name = web_shell_name(base_name(sample.rel), rng);
    std::string_view dir;
    // global.asax and web.config must keep their names: look for a folder without one.
    for (int attempt = 0; attempt < 8; ++attempt) {
      if (layout.web_dirs.empty() || rng.below(10) < 7) {
        // The minimum of two draws favours the first, most used, folders.
        dir = layout.shell_dirs[std::min(rng.index(layout.shell_dirs.size()), rng.index(layout.shell_dirs.size()))];
      } else {
        dir = layout.web_dirs[rng.index(layout.web_dirs.size())];
      }
      if (!planner.taken(dir, name)) break;
    }
    auto& f = planner.add(dir, name);
    f.size = sample.size;
    f.pieces = {{index, sample.size}};
    plan.truth.push_back({f.rel, "webshell", sample.rel});
  }
}

// DearCry: `count` encrypted documents and the ransom note, in one user's Documents.
void plant_dearcry(const Layout& layout, std::uint64_t count, Planner& planner, Plan& plan, Rng& rng) {
  const auto docs = fmt::format("Users/{}/Documents", layout.victim);
  constexpr std::string_view kSubfolders[] = {"", "", "", "Finance", "Projects", "Scans", "HR/2021"};
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::string_view sub = rng.pick(kSubfolders);
    const auto dir = sub.empty() ? docs : fmt::format("{}/{}", docs, sub);
    auto& f = planner.add(dir, document_name(rng) + ".CRYPT");
    f.synthetic = Synthetic::kDearCry;
    f.seed = rng.next();
    f.original = log_uniform(rng, 10, 18);  // 1 KiB .. 256 KiB
    f.size = dearcry_size(f.original);
    plan.truth.push_back({f.rel, "ransomware", "synthetic"});
  }
  auto& note = planner.add(docs, "readme.txt");
  note.synthetic = Synthetic::kRansomNote;
  note.seed = rng.next();
  note.size = synthesize(note).size();
  plan.truth.push_back({note.rel, "ransomware", "synthetic"});
}

// The rest of the 2021 aftermath: web shells inside PST exports (MailboxExportRequest to a web
// folder), an LSASS dump and an archive staged for exfiltration under a .log name.
void plant_other(const Layout& layout, std::uint64_t total, Planner& planner, Plan& plan, Rng& rng) {
  for (const std::size_t d : {0u, 2u, 3u}) {
    auto& f = planner.add(layout.shell_dirs[d], random_alnum(rng, rng.range(8, 12)) + ".aspx");
    f.synthetic = Synthetic::kPstWebShell;
    f.seed = rng.next();
    f.size = log_uniform(rng, 14, 18);  // 16 KiB .. 512 KiB: an almost empty mailbox's export
    plan.truth.push_back({f.rel, "webshell", "synthetic"});
  }
  auto& dump = planner.add("ProgramData", "lsass.dmp");
  dump.synthetic = Synthetic::kMinidump;
  dump.seed = rng.next();
  dump.size = std::clamp<std::uint64_t>(total / 100, kMiB, 48 * kMiB);
  plan.truth.push_back({dump.rel, "credential_dump", "synthetic"});

  constexpr std::string_view kLogNames[] = {"debug.log", "update.log", "1.log", "system.log", "sync.log"};
  auto& zip = planner.add("ProgramData", rng.pick(kLogNames));
  zip.synthetic = Synthetic::kZip;
  zip.seed = rng.next();
  zip.size = std::clamp<std::uint64_t>(total / 400, 64 * kKiB, 16 * kMiB);
  plan.truth.push_back({zip.rel, "suspicious_file", "synthetic"});
}

}  // namespace

Plan make_plan(const Options& opt, const Sources& sources) {
  Plan plan;
  Rng root(opt.seed);
  // One stream per part, so that (say) adding a web shell sample does not move every benign file.
  Rng layout_rng = root.fork(1), shell_rng = root.fork(2), ransom_rng = root.fork(3), other_rng = root.fork(4),
      size_rng = root.fork(5), file_rng = root.fork(6), huge_rng = root.fork(7);

  const auto ransom_count = std::min<std::uint64_t>(200, opt.files / 10);
  const auto planted = sources.webshells.size() + ransom_count + 1 + 3 + 2;
  if (opt.files < planted + 100)
    throw std::invalid_argument(
        fmt::format("--files must be at least {} ({} planted files + 100)", planted + 100, planted));
  const auto benign = opt.files - planted;

  const Layout layout = make_layout(layout_rng, benign);
  Planner planner(sources, plan);
  plant_web_shells(sources, layout, planner, plan, shell_rng);
  plant_dearcry(layout, ransom_count, planner, plan, ransom_rng);
  plant_other(layout, opt.size, planner, plan, other_rng);
  std::uint64_t fixed = 0;
  for (const auto& f : plan.files) fixed += f.size;

  // Benign sizes: 90% 1-64 KiB, 9.5% 64-512 KiB, 0.5% 1-8 MiB, scaled together so that they
  // fill what the planted files and the installer-sized files leave.
  const std::uint64_t huge = benign >= 1000 ? std::clamp<std::uint64_t>(benign / 10'000, 1, 20) : 0;
  const std::uint64_t huge_budget = huge == 0 ? 0 : opt.size * 6 / 100;
  const auto regular = benign - huge;
  if (opt.size < fixed + huge_budget + regular * kKiB)
    throw std::invalid_argument(fmt::format("--size must be at least {} bytes for {} files ({} of planted files)",
                                            fixed + huge_budget + regular * kKiB, opt.files, fixed));
  enum Class : std::uint8_t { kSmall, kMedium, kLarge };
  std::vector<std::pair<Class, std::uint64_t>> targets(regular);
  double sum = 0;
  for (auto& [cls, target] : targets) {
    const auto u = size_rng.below(1000);
    cls = u < 900 ? kSmall : u < 995 ? kMedium : kLarge;
    target = cls == kSmall    ? log_uniform(size_rng, 10, 16)
             : cls == kMedium ? log_uniform(size_rng, 16, 19)
                              : log_uniform(size_rng, 20, 23);
    sum += static_cast<double>(target);
  }
  const double scale = static_cast<double>(opt.size - fixed - huge_budget) / sum;

  unsigned total_weight = 0;
  for (const auto& slot : layout.slots) total_weight += slot.weight;
  auto pick_slot = [&](Class cls) -> const Slot& {
    for (;;) {
      auto w = file_rng.below(total_weight);
      for (const auto& slot : layout.slots) {
        if (w < slot.weight) {
          if (cls == kSmall || !slot.small_only) return slot;
          break;
        }
        w -= slot.weight;
      }
    }
  };
  std::uint64_t bytes = fixed;
  for (const auto& [cls, unscaled] : targets) {
    const auto target = std::max<std::uint64_t>(64, static_cast<std::uint64_t>(static_cast<double>(unscaled) * scale));
    const Slot& slot = pick_slot(cls);
    std::vector<Piece> pieces;
    if (slot.source == Category::kAspNet && !sources.of(Category::kAspNet).empty()) {
      const auto s = planner.next_markup(file_rng);
      pieces = {{s, sources.files[s].size}};
    } else {
      pieces = planner.pick(slot.source, target, false, file_rng);
    }
    const auto name = make_name(slot.naming, sources.files[pieces.front().source].rel, file_rng);
    auto& f = planner.add(slot.dirs[file_rng.index(slot.dirs.size())], name);
    for (const auto& p : pieces) f.size += p.length;
    f.pieces = std::move(pieces);
    bytes += f.size;
  }

  // The installer-sized files take what is left, exactly (unless the rest ran over already).
  const Slot& installers = layout.slots[layout.huge_slot];
  auto rest = opt.size > bytes ? opt.size - bytes : 0;
  for (std::uint64_t i = 0; i < huge; ++i) {
    const auto share = rest / (huge - i);
    const auto size = std::max(kMiB, i + 1 == huge ? rest : share / 2 + huge_rng.below(share + 1));
    auto pieces = planner.pick(Category::kLibrary, size, true, huge_rng);
    const auto name = make_name(Naming::kInstaller, "", huge_rng);
    auto& f = planner.add(installers.dirs[huge_rng.index(installers.dirs.size())], name);
    f.size = size;
    f.pieces = std::move(pieces);
    bytes += size;
    rest -= std::min(rest, size);
  }
  plan.bytes = bytes;
  return plan;
}

}  // namespace filetree
