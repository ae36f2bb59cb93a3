#pragma once
// The AIS decoding pipeline for one input stream: line -> sentence (ais_nmea) -> fragment
// reassembly -> bits (ais_bits) -> message (ais_message), with every refusal counted by
// reason. No allocation after construction: the reassembly slots are allocated once, and a
// decoded message is handed out by reference until the next call.
//
// Reassembly (ITU-R M.1371-5 Annex 8 / IEC 61162-1 VDM): fragments of one message share the
// fragment count, the sequential message identifier and the channel; fragments of different
// messages may interleave (two channels, or several messages in flight with different
// sequential identifiers). Fragments must arrive in order. A message in progress is dropped,
// and counted as incomplete_message, when its next fragment does not come within
// `fragment_timeout_sentences` sentences or `fragment_timeout_ms` of receive time, when a
// new first fragment with the same key restarts it, or when all slots are busy (the oldest
// is evicted).
//
// Threading: one owner thread.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "io/ais_bits.hpp"
#include "io/ais_message.hpp"
#include "io/ais_nmea.hpp"

namespace picket::io::ais {

struct DecoderOptions {
  /// Messages that may be in reassembly at once. [1, 4096], default 64.
  std::size_t reassembly_slots = 64;
  /// A message in reassembly is dropped when more than this many sentences have passed since
  /// its last fragment. >= 1, default 100.
  std::uint64_t fragment_timeout_sentences = 100;
  /// ... or when this much receive time has passed since its last fragment, ms. >= 1,
  /// default 10,000.
  std::int64_t fragment_timeout_ms = 10'000;
  /// Time messages that carry no receiver time of their own (tag block, trailer) by the
  /// latest $--RMC / $--ZDA of the same stream (parseClockSentence). Default on.
  bool use_stream_clock = true;
};

/// Counters of one decoder. Plain integers: read them from the owner thread.
struct AisCounters {
  std::uint64_t lines = 0;            ///< non-empty lines seen (comments '#' excluded)
  std::uint64_t sentences = 0;        ///< AIS sentences that parsed and passed the checksum
  std::uint64_t tag_blocks = 0;       ///< sentences carrying a valid NMEA 4.0 tag block
  std::uint64_t clock_sentences = 0;  ///< $--RMC / $--ZDA lines that set the stream clock
  std::uint64_t messages = 0;         ///< messages decoded
  std::array<std::uint64_t, 28> by_type{};  ///< messages decoded, by type
  std::array<std::uint64_t, static_cast<std::size_t>(Reject::kCount)> rejected{};
  [[nodiscard]] std::uint64_t rejectedFor(Reject r) const {
    return rejected[static_cast<std::size_t>(r)];
  }
  /// Lines or messages refused for any reason other than not_ais.
  [[nodiscard]] std::uint64_t errors() const;
};

/// A decoded message with what the receiver said about it.
struct DecodedMessage {
  Message message;
  /// Receiver time: the tag block's c: of the first fragment, else the USCG trailer's time,
  /// else the stream's GNSS clock (use_stream_clock); ms since the Unix epoch.
  std::optional<std::int64_t> receiver_time_ms;
  char channel = '\0';
  bool own_ship = false;  ///< from a VDO sentence
};

class Decoder {
 public:
  /// Throws std::invalid_argument when an option is out of range.
  explicit Decoder(const DecoderOptions& options = {});

  /// Feeds one line (CR/LF optional). `now_ms` is the receive time of the line (ms since the
  /// epoch; used only for the reassembly timeout). Returns the message this line completed,
  /// valid until the next call, or nullptr (a fragment was stored, the line was refused and
  /// counted, or it was empty or a '#' comment).
  const DecodedMessage* feedLine(std::string_view line, std::int64_t now_ms);

  /// Counts every message still in reassembly as incomplete and forgets it (end of input).
  void finish();

  [[nodiscard]] const AisCounters& counters() const { return counters_; }
  /// Counts a refusal found outside the decoder (e.g. a line the reader had to cut).
  void count(Reject r) { ++counters_.rejected[static_cast<std::size_t>(r)]; }

 private:
  struct Slot {
    bool used = false;
    std::uint8_t count = 0;
    std::uint8_t next = 0;          ///< fragment number expected next
    std::int8_t sequence_id = -1;
    char channel = '\0';
    std::uint64_t last_sentence = 0;
    std::int64_t last_ms = 0;
    std::optional<std::int64_t> receiver_time_ms;
    bool own_ship = false;
    Bits bits;
  };
  const DecodedMessage* fragment(const Sentence& s, std::int64_t now_ms);
  const DecodedMessage* complete(Bits& bits, std::uint8_t fill_bits,
                                 std::optional<std::int64_t> receiver_time_ms, char channel,
                                 bool own_ship);
  void expire(std::int64_t now_ms);
  void reject(Reject r) { ++counters_.rejected[static_cast<std::size_t>(r)]; }

  DecoderOptions options_;
  AisCounters counters_;
  std::vector<Slot> slots_;
  Bits single_;  ///< bits of a single-fragment message
  DecodedMessage out_;
  std::optional<std::int64_t> stream_clock_ms_;
};

}  // namespace picket::io::ais
