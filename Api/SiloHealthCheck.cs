using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace EmoteCare.Api;

/// <summary>Healthy while the co-hosted silo is an active member of its cluster; unhealthy while it joins or leaves.</summary>
internal sealed class SiloHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"The silo is {status}."));
    }
}
