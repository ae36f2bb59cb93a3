#include "io/ais_decoder.hpp"

#include <stdexcept>

namespace picket::io::ais {

std::uint64_t AisCounters::errors() const {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < rejected.size(); ++i) {
    if (static_cast<Reject>(i) != Reject::NotAis) n += rejected[i];
  }
  return n;
}

Decoder::Decoder(const DecoderOptions& options) : options_(options) {
  if (options_.reassembly_slots < 1 || options_.reassembly_slots > 4096) {
    throw std::invalid_argument("AIS reassembly slots must be in [1, 4096]");
  }
  if (options_.fragment_timeout_sentences < 1 || options_.fragment_timeout_ms < 1) {
    throw std::invalid_argument("AIS fragment timeouts must be >= 1");
  }
  slots_.resize(options_.reassembly_slots);
}

const DecodedMessage* Decoder::feedLine(std::string_view line, std::int64_t now_ms) {
  // Blank lines and '#' comments (gpsd's test logs) are not input.
  std::size_t first = 0;
  while (first < line.size() && (line[first] == ' ' || line[first] == '\t' ||
                                 line[first] == '\r' || line[first] == '\n')) {
    ++first;
  }
  if (first == line.size() || line[first] == '#') return nullptr;
  ++counters_.lines;
  Sentence s;
  if (const auto why = parseSentence(line, s)) {
    reject(*why);
    if (*why == Reject::NotAis && options_.use_stream_clock) {
      if (const auto t = parseClockSentence(line)) {
        stream_clock_ms_ = t;
        ++counters_.clock_sentences;
      }
    }
    return nullptr;
  }
  ++counters_.sentences;
  if (s.tag.present) ++counters_.tag_blocks;
  const std::optional<std::int64_t> rx = s.tag.unix_time_ms    ? s.tag.unix_time_ms
                                         : s.trailer_time_ms ? s.trailer_time_ms
                                                             : stream_clock_ms_;
  if (s.fragment_count == 1) {
    single_.clear();
    if (!single_.append(s.payload)) {
      reject(Reject::PayloadTooLong);
      return nullptr;
    }
    return complete(single_, s.fill_bits, rx, s.channel, s.own_ship);
  }
  return fragment(s, now_ms);
}

void Decoder::expire(std::int64_t now_ms) {
  for (Slot& slot : slots_) {
    if (!slot.used) continue;
    // Sentences between the slot's last fragment and the current one.
    const std::uint64_t between = counters_.sentences - slot.last_sentence - 1;
    if (between > options_.fragment_timeout_sentences ||
        now_ms - slot.last_ms > options_.fragment_timeout_ms) {
      slot.used = false;
      reject(Reject::IncompleteMessage);
    }
  }
}

const DecodedMessage* Decoder::fragment(const Sentence& s, std::int64_t now_ms) {
  expire(now_ms);
  Slot* match = nullptr;
  for (Slot& slot : slots_) {
    if (slot.used && slot.count == s.fragment_count && slot.sequence_id == s.sequence_id &&
        slot.channel == s.channel) {
      match = &slot;
      break;
    }
  }
  if (s.fragment_number == 1) {
    if (match != nullptr) {
      // The same key starting again: the earlier message will never be completed.
      reject(Reject::IncompleteMessage);
    } else {
      Slot* oldest = nullptr;
      for (Slot& slot : slots_) {
        if (!slot.used) {
          match = &slot;
          break;
        }
        if (oldest == nullptr || slot.last_sentence < oldest->last_sentence) oldest = &slot;
      }
      if (match == nullptr) {
        reject(Reject::IncompleteMessage);  // all slots busy: evict the stalest
        match = oldest;
      }
    }
    match->used = true;
    match->count = s.fragment_count;
    match->next = 2;
    match->sequence_id = s.sequence_id;
    match->channel = s.channel;
    match->receiver_time_ms = s.tag.unix_time_ms    ? s.tag.unix_time_ms
                              : s.trailer_time_ms ? s.trailer_time_ms
                                                  : stream_clock_ms_;
    match->own_ship = s.own_ship;
    match->bits.clear();
  } else {
    if (match == nullptr) {
      reject(Reject::OrphanFragment);
      return nullptr;
    }
    if (match->next != s.fragment_number) {
      // A repeated or skipped fragment: the message cannot be rebuilt.
      match->used = false;
      reject(Reject::IncompleteMessage);
      reject(Reject::OrphanFragment);
      return nullptr;
    }
    ++match->next;
  }
  match->last_sentence = counters_.sentences;
  match->last_ms = now_ms;
  if (!match->bits.append(s.payload)) {
    match->used = false;
    reject(Reject::PayloadTooLong);
    return nullptr;
  }
  if (s.fragment_number < s.fragment_count) return nullptr;
  match->used = false;
  // Fill bits are those of the last fragment; earlier fragments carry whole characters.
  return complete(match->bits, s.fill_bits, match->receiver_time_ms, match->channel,
                  match->own_ship);
}

const DecodedMessage* Decoder::complete(Bits& bits, std::uint8_t fill_bits,
                                        std::optional<std::int64_t> receiver_time_ms,
                                        char channel, bool own_ship) {
  bits.finish(fill_bits);
  if (const auto why = decodeMessage(bits, out_.message)) {
    reject(*why);
    return nullptr;
  }
  out_.receiver_time_ms = receiver_time_ms;
  out_.channel = channel;
  out_.own_ship = own_ship;
  ++counters_.messages;
  ++counters_.by_type[out_.message.type];
  return &out_;
}

void Decoder::finish() {
  for (Slot& slot : slots_) {
    if (slot.used) {
      slot.used = false;
      reject(Reject::IncompleteMessage);
    }
  }
}

}  // namespace picket::io::ais
