// What load balancers and operators' tools ask a gRPC server, on the sync
// port: the standard health service (grpc.health.v1.Health: Check says
// SERVING for "" and "hromada.v1.Sync" while the server runs; grpc++
// turns them to NOT_SERVING at shutdown) and, optionally, server reflection
// (grpc.reflection.v1alpha), so `grpcurl list` shows hromada.v1.Sync.
// Debian 12's grpc++ (1.51) has no grpc.reflection.v1 service; a client
// that speaks only v1 gets UNIMPLEMENTED until a newer grpc++ brings it
// (no copy of it is written here).
//
// Neither reads the database or any record: health answers from memory and
// reflection describes the compiled-in .proto files. Their requests are
// bounded like every call (the server's message size limit; plain, never
// compressed). Reflection is a synchronous streaming service, so the
// threads grpc++ may start for it are capped (kOperationsThreads, in the
// server's resource quota, network_limits.h): idle
// reflection streams can make reflection wait, never the sync service,
// whose calls run on the callback API and the worker pool.
//
// Thread-compatible: call both from the thread that builds the server.
#ifndef HROMADA_SERVER_OPS_HEALTH_H_
#define HROMADA_SERVER_OPS_HEALTH_H_

#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

namespace hromada::server {

constexpr int kOperationsThreads = 4;

// Before BuildAndStart(): enables the health service, and reflection if asked.
void AddOperationsServices(grpc::ServerBuilder& builder, bool reflection);
// After BuildAndStart(): says SERVING for the sync service by name.
void MarkServing(grpc::Server& server);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_OPS_HEALTH_H_
