#include "client/src/store/outbox.h"

#include <set>
#include <utility>

#include "shared/sync/wire/push_writer.h"
#include "shared/sync/wire/record_view.h"

namespace hromada::client {

absl::Status Outbox::OpenChange(absl::string_view sealed, uint64_t seq, v1::Record* change) {
  if (absl::Status s = cipher_->Open(sealed, ChangeAd(seq), &plain_); !s.ok()) return s;
  if (!change->ParseFromString(plain_)) {
    return absl::DataLossError("a change in the local outbox is corrupt");
  }
  return absl::OkStatus();
}

absl::Status Outbox::RunWithSeq(const std::string& sql, uint64_t seq) {
  absl::StatusOr<sql::Stmt*> stmt = db_->Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  return (*stmt)->Bind(1, static_cast<int64_t>(seq)).Run();
}

absl::Status Outbox::Append(uint64_t seq, absl::string_view change, uint64_t hlc,
                            const ChangeClocks& clocks) {
  absl::StatusOr<sql::Stmt*> stmt =
      db_->Prepare("INSERT INTO outbox (device_seq, change, hlc) VALUES (?, ?, ?)");
  if (!stmt.ok()) return stmt.status();
  cipher_->Seal(change, ChangeAd(seq), &sealed_);
  if (absl::Status s = (*stmt)
                           ->Bind(1, static_cast<int64_t>(seq))
                           .BindBlob(2, sealed_)
                           .Bind(3, static_cast<int64_t>(hlc))
                           .Run();
      !s.ok()) {
    return s;
  }
  absl::StatusOr<sql::Stmt*> put = db_->Prepare(
      "INSERT OR REPLACE INTO outbox_clock (device_seq, wall_ms, offset_ms, mono_ms, boot_id) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!put.ok()) return put.status();
  return (*put)
      ->Bind(1, static_cast<int64_t>(seq))
      .Bind(2, clocks.wall_ms)
      .Bind(3, clocks.offset_ms)
      .Bind(4, clocks.mono.ms)
      .BindText(5, clocks.mono.boot_id)
      .Run();
}

absl::StatusOr<OutboxStats> Outbox::Stats() {
  absl::StatusOr<sql::Stmt*> stmt = db_->Prepare(
      "SELECT count(*), coalesce(sum(length(change)), 0), coalesce(min(device_seq), 0) "
      "FROM outbox");
  // Sizes are of the changes as pushed, without the sealing's overhead.
  if (!stmt.ok()) return stmt.status();
  absl::StatusOr<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  const uint64_t count = static_cast<uint64_t>((*stmt)->Int(0));
  OutboxStats stats{count, static_cast<uint64_t>((*stmt)->Int(1)) - count * RowCipher::kOverhead,
                    static_cast<uint64_t>((*stmt)->Int(2))};
  (*stmt)->Reset();
  return stats;
}

absl::StatusOr<OutboxBatch> Outbox::Read(uint64_t after_seq, size_t max_bytes) {
  absl::StatusOr<sql::Stmt*> stmt = db_->Prepare(
      "SELECT device_seq, change FROM outbox WHERE device_seq > ? ORDER BY device_seq");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->Bind(1, static_cast<int64_t>(after_seq));
  OutboxBatch batch;
  size_t framed = wire::PushHeadMaxSize();
  for (;;) {
    absl::StatusOr<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const uint64_t seq = static_cast<uint64_t>((*stmt)->Int(0));
    if (absl::Status s = cipher_->Open((*stmt)->Blob(1), ChangeAd(seq), &plain_); !s.ok()) {
      return s;
    }
    const absl::string_view change = plain_;
    if (batch.changes.empty()) {
      batch.first_seq = seq;
    } else if (seq != batch.first_seq + batch.changes.size() ||
               framed + wire::PushChangeSize(change.size()) > max_bytes) {
      break;  // a batch is contiguous; the gap (if any) starts the next one
    }
    framed += wire::PushChangeSize(change.size());
    batch.bytes += change.size();
    batch.changes.emplace_back(change);
  }
  (*stmt)->Reset();
  return batch;
}

absl::Status Outbox::ForEachAfter(
    uint64_t after_seq, const std::function<absl::Status(uint64_t, const v1::Record&)>& fn) {
  absl::StatusOr<std::unique_ptr<sql::Stmt>> stmt = db_->PrepareOnce(
      "SELECT device_seq, change FROM outbox WHERE device_seq > ? ORDER BY device_seq");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->Bind(1, static_cast<int64_t>(after_seq));
  v1::Record change;
  for (;;) {
    absl::StatusOr<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
    const uint64_t seq = static_cast<uint64_t>((*stmt)->Int(0));
    if (absl::Status s = OpenChange((*stmt)->Blob(1), seq, &change); !s.ok()) return s;
    if (absl::Status s = fn(seq, change); !s.ok()) return s;
  }
}

absl::Status Outbox::ForEachStamp(const std::function<absl::Status(const OutboxStamp&)>& fn) {
  absl::StatusOr<std::unique_ptr<sql::Stmt>> read = db_->PrepareOnce(
      "SELECT o.device_seq, o.hlc, c.device_seq IS NOT NULL, c.wall_ms, c.mono_ms, c.boot_id, "
      "c.offset_ms "
      "FROM outbox o LEFT JOIN outbox_clock c USING (device_seq) ORDER BY o.device_seq");
  if (!read.ok()) return read.status();
  OutboxStamp u;
  for (;;) {
    absl::StatusOr<bool> row = (*read)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
    sql::Stmt& s = **read;
    u.seq = static_cast<uint64_t>(s.Int(0));
    u.hlc = static_cast<uint64_t>(s.Int(1));
    u.clocks.reset();
    if (s.Int(2) != 0) {
      u.clocks =
          ChangeClocks{s.Int(3), s.Int(6), MonotonicReading{std::string(s.Text(5)), s.Int(4)}};
    }
    if (absl::Status st = fn(u); !st.ok()) return st;
  }
}

absl::StatusOr<bool> Outbox::StampTaken(uint64_t hlc) {
  absl::StatusOr<sql::Stmt*> find = db_->Prepare("SELECT 1 FROM outbox WHERE hlc = ? LIMIT 1");
  if (!find.ok()) return find.status();
  (*find)->Bind(1, static_cast<int64_t>(hlc));
  absl::StatusOr<bool> row = (*find)->Step();
  (*find)->Reset();
  return row;
}

absl::Status Outbox::Get(uint64_t seq, v1::Record* change) {
  absl::StatusOr<sql::Stmt*> read = db_->Prepare("SELECT change FROM outbox WHERE device_seq = ?");
  if (!read.ok()) return read.status();
  (*read)->Bind(1, static_cast<int64_t>(seq));
  absl::StatusOr<bool> row = (*read)->Step();
  absl::Status s = !row.ok() ? row.status()
                   : *row    ? OpenChange((*read)->Blob(0), seq, change)
                             : absl::NotFoundError("no such change in the outbox");
  (*read)->Reset();
  return s;
}

absl::Status Outbox::Rewrite(uint64_t seq, const v1::Record& change) {
  absl::StatusOr<sql::Stmt*> put =
      db_->Prepare("UPDATE outbox SET change = ?, hlc = ? WHERE device_seq = ?");
  if (!put.ok()) return put.status();
  cipher_->Seal(change.SerializeAsString(), ChangeAd(seq), &sealed_);
  return (*put)
      ->BindBlob(1, sealed_)
      .Bind(2, static_cast<int64_t>(change.hlc()))
      .Bind(3, static_cast<int64_t>(seq))
      .Run();
}

absl::Status Outbox::FillStamps() {
  constexpr int kSlice = 10000;  // rows held at once
  v1::Record change;
  for (;;) {
    std::vector<std::pair<uint64_t, uint64_t>> stamps;  // seq, hlc
    {
      absl::StatusOr<std::unique_ptr<sql::Stmt>> read = db_->PrepareOnce(
          "SELECT device_seq, change FROM outbox WHERE hlc IS NULL ORDER BY device_seq LIMIT ?");
      if (!read.ok()) return read.status();
      (*read)->Bind(1, kSlice);
      absl::StatusOr<bool> row;
      while ((row = (*read)->Step()).ok() && *row) {
        const uint64_t seq = static_cast<uint64_t>((*read)->Int(0));
        if (absl::Status s = OpenChange((*read)->Blob(1), seq, &change); !s.ok()) return s;
        stamps.emplace_back(seq, change.hlc());
      }
      if (!row.ok()) return row.status();
    }
    if (stamps.empty()) return absl::OkStatus();
    for (const auto& [seq, hlc] : stamps) {
      absl::StatusOr<sql::Stmt*> put =
          db_->Prepare("UPDATE outbox SET hlc = ? WHERE device_seq = ?");
      if (!put.ok()) return put.status();
      absl::Status s =
          (*put)->Bind(1, static_cast<int64_t>(hlc)).Bind(2, static_cast<int64_t>(seq)).Run();
      if (!s.ok()) return s;
    }
  }
}

absl::Status Outbox::MoveRefused(uint64_t acked_through,
                                 const std::vector<v1::Rejection>& rejections, int64_t now_ms) {
  for (const v1::Rejection& r : rejections) {
    if (r.device_seq() > acked_through) continue;
    absl::StatusOr<sql::Stmt*> move = db_->Prepare(
        "INSERT OR REPLACE INTO rejected (device_seq, change, code, field, message, at_ms) "
        "SELECT device_seq, change, ?, ?, ?, ? FROM outbox WHERE device_seq = ?");
    if (!move.ok()) return move.status();
    absl::Status s = (*move)
                         ->Bind(1, r.code())
                         .BindText(2, r.field())
                         .BindBlob(3, cipher_->Seal(r.message(), RefusalAd(r.device_seq())))
                         .Bind(4, now_ms)
                         .Bind(5, static_cast<int64_t>(r.device_seq()))
                         .Run();
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> Outbox::Ack(uint64_t acked_through,
                                     const std::vector<v1::Rejection>& rejections, int64_t now_ms,
                                     const OutboxBatch* sent) {
  if (absl::Status s = MoveRefused(acked_through, rejections, now_ms); !s.ok()) return s;
  // Into the sent log, refused ones too: a restored server needs the run
  // of device_seqs unbroken.
  if (absl::Status s = RunWithSeq("INSERT OR REPLACE INTO sent (device_seq, change) "
                                  "SELECT device_seq, change FROM outbox WHERE device_seq <= ?",
                                  acked_through);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = NoteAcks(acked_through, rejections, now_ms, sent); !s.ok()) return s;
  if (absl::Status s = RunWithSeq("DELETE FROM outbox WHERE device_seq <= ?", acked_through);
      !s.ok()) {
    return s;
  }
  const uint64_t dropped = static_cast<uint64_t>(db_->Changes());
  if (absl::Status s = RunWithSeq("DELETE FROM outbox_clock WHERE device_seq <= ?", acked_through);
      !s.ok()) {
    return s;
  }
  return dropped;
}

absl::Status Outbox::NoteAcks(uint64_t acked_through, const std::vector<v1::Rejection>& rejections,
                              int64_t now_ms, const OutboxBatch* sent) {
  std::set<uint64_t> refused;
  for (const v1::Rejection& r : rejections) refused.insert(r.device_seq());
  absl::StatusOr<std::unique_ptr<sql::Stmt>> acked = db_->PrepareOnce(
      "SELECT device_seq, change FROM outbox WHERE device_seq <= ? "
      "ORDER BY device_seq");
  if (!acked.ok()) return acked.status();
  absl::StatusOr<sql::Stmt*> note = db_->Prepare(
      "INSERT OR REPLACE INTO record_sync (kind, id, acked_ms, acked_seq) "
      "VALUES (?, ?, ?, ?)");
  if (!note.ok()) return note.status();
  (*acked)->Bind(1, static_cast<int64_t>(acked_through));
  v1::Record opened;
  wire::RecordView view;
  for (;;) {
    absl::StatusOr<bool> row = (*acked)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
    const uint64_t seq = static_cast<uint64_t>((*acked)->Int(0));
    if (refused.count(seq) > 0) continue;
    absl::string_view kind, id;
    if (sent != nullptr && seq >= sent->first_seq && seq - sent->first_seq < sent->changes.size()) {
      // The batch holds the change as it was read from this row.
      if (!wire::ReadRecordView(sent->changes[seq - sent->first_seq], &view)) {
        return absl::DataLossError("a change in the local outbox is corrupt");
      }
      kind = view.kind;
      id = view.id;
    } else {
      if (absl::Status s = OpenChange((*acked)->Blob(1), seq, &opened); !s.ok()) return s;
      kind = opened.kind();
      id = opened.id();
    }
    (*note)->Reset();
    absl::Status s = (*note)
                         ->BindText(1, kind)
                         .BindBlob(2, id)
                         .Bind(3, now_ms)
                         .Bind(4, static_cast<int64_t>(seq))
                         .Run();
    if (!s.ok()) return s;
  }
}

absl::StatusOr<Outbox::Resent> Outbox::Resend(uint64_t acked_through) {
  // As pushed, sealed under the same device_seq: the bytes move as they
  // are. A change still in the outbox was never acked: it stays.
  Resent resent;
  if (absl::Status s = RunWithSeq("INSERT OR IGNORE INTO outbox (device_seq, change) "
                                  "SELECT device_seq, change FROM sent WHERE device_seq > ?",
                                  acked_through);
      !s.ok()) {
    return s;
  }
  resent.moved = static_cast<uint64_t>(db_->Changes());
  // The sent log keeps no clear stamps: read them from the changes.
  if (absl::Status s = FillStamps(); !s.ok()) return s;
  absl::StatusOr<sql::Stmt*> top =
      db_->Prepare("SELECT coalesce(max(device_seq), 0) FROM sent WHERE device_seq > ?");
  if (!top.ok()) return top.status();
  (*top)->Bind(1, static_cast<int64_t>(acked_through));
  absl::StatusOr<bool> row = (*top)->Step();
  if (!row.ok()) return row.status();
  resent.through = static_cast<uint64_t>((*top)->Int(0));
  (*top)->Reset();
  if (absl::Status s = RunWithSeq("DELETE FROM sent WHERE device_seq > ?", acked_through);
      !s.ok()) {
    return s;
  }
  return resent;
}

absl::StatusOr<uint64_t> Outbox::RejectedCount() {
  absl::StatusOr<sql::Stmt*> stmt = db_->Prepare("SELECT count(*) FROM rejected");
  if (!stmt.ok()) return stmt.status();
  absl::StatusOr<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  const uint64_t count = static_cast<uint64_t>((*stmt)->Int(0));
  (*stmt)->Reset();
  return count;
}

absl::Status Outbox::ForEachRejected(const std::function<void(const StoredRejection&)>& fn) {
  absl::StatusOr<std::unique_ptr<sql::Stmt>> stmt = db_->PrepareOnce(
      "SELECT device_seq, change, code, field, message, at_ms FROM rejected "
      "ORDER BY device_seq");
  if (!stmt.ok()) return stmt.status();
  for (;;) {
    absl::StatusOr<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
    sql::Stmt& s = **stmt;
    StoredRejection r;
    r.device_seq = static_cast<uint64_t>(s.Int(0));
    if (absl::Status st = cipher_->Open(s.Blob(1), ChangeAd(r.device_seq), &plain_); !st.ok()) {
      return st;
    }
    if (!r.change.ParseFromString(plain_)) {
      return absl::DataLossError("a kept-aside change in the local profile is corrupt");
    }
    r.code = static_cast<uint32_t>(s.Int(2));
    r.field = std::string(s.Text(3));
    if (absl::Status st = cipher_->Open(s.Blob(4), RefusalAd(r.device_seq), &r.message); !st.ok()) {
      return st;
    }
    r.at_ms = s.Int(5);
    fn(r);
  }
}

// The ack time of each record is noted when its changes leave the outbox;
// waiting and refused changes are read where they are kept, sealed, so
// they are opened one by one: fine for the one record a person looks at.
absl::StatusOr<RecordSyncState> Outbox::SyncStateOf(absl::string_view kind, absl::string_view id) {
  RecordSyncState state;
  absl::StatusOr<sql::Stmt*> acked =
      db_->Prepare("SELECT acked_ms, acked_seq FROM record_sync WHERE kind = ? AND id = ?");
  if (!acked.ok()) return acked.status();
  (*acked)->BindText(1, kind).BindBlob(2, id);
  absl::StatusOr<bool> row = (*acked)->Step();
  if (!row.ok()) return row.status();
  uint64_t acked_seq = 0;
  if (*row) {
    state.acked_ms = (*acked)->Int(0);
    acked_seq = static_cast<uint64_t>((*acked)->Int(1));
  }
  (*acked)->Reset();
  absl::Status waiting = ForEachAfter(0, [&](uint64_t, const v1::Record& change) {
    state.waiting += change.kind() == kind && change.id() == id;
    return absl::OkStatus();
  });
  if (!waiting.ok()) return waiting;
  // The latest refusal of this record, unless a later change was acked.
  uint64_t refused_seq = 0;
  absl::StatusOr<std::unique_ptr<sql::Stmt>> refused = db_->PrepareOnce(
      "SELECT device_seq, change, message, at_ms FROM rejected ORDER BY device_seq");
  if (!refused.ok()) return refused.status();
  v1::Record change;
  while ((row = (*refused)->Step()).ok() && *row) {
    const uint64_t seq = static_cast<uint64_t>((*refused)->Int(0));
    if (absl::Status s = OpenChange((*refused)->Blob(1), seq, &change); !s.ok()) return s;
    if (change.kind() != kind || change.id() != id) continue;
    std::string message;
    if (absl::Status s = cipher_->Open((*refused)->Blob(2), RefusalAd(seq), &message); !s.ok()) {
      return s;
    }
    state.refusal = std::move(message);
    state.refused_ms = (*refused)->Int(3);
    refused_seq = seq;
  }
  if (!row.ok()) return row.status();
  // By order of the changes; by time only for acks noted before schema 6.
  state.refused = refused_seq > 0 &&
                  (acked_seq > 0 ? refused_seq > acked_seq : state.refused_ms >= state.acked_ms);
  return state;
}

}  // namespace hromada::client
