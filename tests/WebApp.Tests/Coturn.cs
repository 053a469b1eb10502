using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using EmoteCare.Testing;

namespace EmoteCare.WebApp.Tests;

/// <summary>
/// Debian's coturn (<c>turnserver</c>, installed by eng/install-deps.sh) on a free loopback port, with a temporary
/// configuration in coturn's <c>use-auth-secret</c> mode (the credentials the Api issues) and a random secret; stopped and
/// its folder removed on dispose. Loopback peers are allowed because both browsers of a test relay to 127.0.0.1.
/// </summary>
internal sealed class Coturn : IAsyncDisposable
{
    public const string Binary = "/usr/bin/turnserver";

    // A file rather than standard output, which a pipe would hold back in its buffer.
    private const string LogFile = "turnserver.log";

    private readonly ChildProcess _process;
    private readonly string _folder;

    private Coturn(ChildProcess process, string folder, int port, string secret)
    {
        _process = process;
        _folder = folder;
        Port = port;
        Secret = secret;
    }

    public int Port { get; }

    public string Secret { get; }

    /// <summary>The URL the Api hands to browsers.</summary>
    public string Url => string.Create(CultureInfo.InvariantCulture, $"turn:127.0.0.1:{Port}?transport=udp");

    /// <summary>What the server logged, verbosely: each allocation with its user name, and refused credentials.</summary>
    public string Log
    {
        get
        {
            using var reader = new StreamReader(new FileStream(Path.Combine(_folder, LogFile), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            return reader.ReadToEnd();
        }
    }

    public static async Task<Coturn> StartAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: eng/install-deps.sh installs Debian's coturn package.");
        }

        var folder = Directory.CreateTempSubdirectory("emotecare-coturn-").FullName;
        var port = TestPorts.Free();
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var config = Path.Combine(folder, "turnserver.conf");
        await File.WriteAllLinesAsync(config,
        [
            "listening-ip=127.0.0.1",
            "relay-ip=127.0.0.1",
            string.Create(CultureInfo.InvariantCulture, $"listening-port={port}"),
            "use-auth-secret",
            $"static-auth-secret={secret}",
            "realm=emotecare.test",
            "fingerprint",
            "no-tls",
            "no-dtls",
            "no-cli",
            "no-tcp-relay",
            "allow-loopback-peers",
            $"userdb={Path.Combine(folder, "turndb")}",
            $"pidfile={Path.Combine(folder, "turnserver.pid")}",
            "verbose",
            $"log-file={Path.Combine(folder, LogFile)}",
            "simple-log",
        ]);
        var process = ChildProcess.Start(new ProcessStartInfo(Binary, ["-c", config]) { RedirectStandardOutput = true, RedirectStandardError = true });
        var coturn = new Coturn(process, folder, port, secret);
        try
        {
            // It listens on TCP and UDP at the same port; TCP answering means its listeners are up.
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"turnserver exited with {process.ExitCode}: {process.Output}");
                }

                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync("127.0.0.1", port);
                    return coturn;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }
        }
        catch
        {
            await coturn.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
