using EmoteCare.Runtime.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmoteCare.Api;

/// <summary>Healthy once the co-hosted silo has prepared storage and started; unhealthy while starting or stopping.</summary>
internal sealed class SiloHealthCheck(SiloStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.IsReady ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The silo is not serving."));
}
