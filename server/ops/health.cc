#include "server/ops/health.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/impl/server_builder_option.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "hromada/v1/sync.grpc.pb.h"

namespace hromada::server {
namespace {

// Decides reflection for one builder. Linking grpc++_reflection registers
// its plugin for every builder of the process (a static initializer), so
// this option removes that one and adds one back only when asked: exactly
// one, or none, whatever the library did.
class ReflectionOption final : public grpc::ServerBuilderOption {
 public:
  explicit ReflectionOption(bool enabled) : enabled_(enabled) {}
  void UpdateArguments(grpc::ChannelArguments*) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    auto reflection = std::make_unique<grpc::reflection::ProtoServerReflectionPlugin>();
    const std::string name = reflection->name();
    plugins->erase(std::remove_if(plugins->begin(), plugins->end(),
                                  [&](const auto& p) { return p->name() == name; }),
                   plugins->end());
    if (enabled_) plugins->push_back(std::move(reflection));
  }

 private:
  const bool enabled_;
};

}  // namespace

void AddOperationsServices(grpc::ServerBuilder& builder, bool reflection) {
  // A process-wide switch, read by BuildAndStart().
  grpc::EnableDefaultHealthCheckService(true);
  builder.SetOption(std::make_unique<ReflectionOption>(reflection));
}

void MarkServing(grpc::Server& server) {
  grpc::HealthCheckServiceInterface* health = server.GetHealthCheckService();
  if (health != nullptr) health->SetServingStatus(v1::Sync::service_full_name(), true);
}

}  // namespace hromada::server
