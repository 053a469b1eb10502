using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace EmoteCare.Api.Security;

/// <summary>
/// With <see cref="ApiSecurityOptions.HttpsRedirection"/> on, stops the start unless there is an https port to redirect
/// to: an https endpoint of this server, or a configured port where a proxy in front ends TLS. Without one, every
/// redirect would fail (logged per request) while the sign-in cookie, marked Secure, travelled over plain http.
/// Checked once the server has started (hosted services start before it), when its endpoints are bound; a failure here
/// fails the host's start.
/// </summary>
internal sealed class HttpsEndpointCheck(IServer server, IConfiguration configuration, IOptions<HttpsRedirectionOptions> redirection) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var configuredPort = redirection.Value.HttpsPort is not null
            || new[] { "HTTPS_PORT", "HTTPS_PORTS", "ANCM_HTTPS_PORT" }.Any(key => !string.IsNullOrWhiteSpace(configuration[key]));
        var httpsEndpoint = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .Any(address => address.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) == true;
        return configuredPort || httpsEndpoint
            ? Task.CompletedTask
            : throw new InvalidOperationException(
                "Security:HttpsRedirection is true, but this server has no https endpoint and no https port is configured: browsers would be "
                + "redirected nowhere while the sign-in cookie, marked Secure, went over plain http. Add an https URL (ASPNETCORE_URLS or "
                + "Kestrel:Endpoints), set https_port when a proxy in front ends TLS, or turn Security:HttpsRedirection off.");
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
