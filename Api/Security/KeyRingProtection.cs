using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace EmoteCare.Api.Security;

/// <summary>
/// How the Data Protection key ring (it signs and encrypts cookies and bearer tokens) is protected at rest in
/// <c>data_protection_keys</c> (configuration section <c>DataProtection</c>). With a certificate, each key's secret is
/// stored encrypted to it, so a database backup alone cannot forge a sign-in; the certificate lives outside the database.
/// </summary>
public sealed class KeyRingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DataProtection";

    /// <summary>
    /// A PEM file holding the certificate that encrypts new keys and its private key (<c>./run.sh</c> creates one,
    /// mode 600). Unset: keys are stored unencrypted, and the start logs a warning.
    /// </summary>
    public string? KeyRingCertificate { get; set; }

    /// <summary>
    /// Earlier certificates, PEM files like <see cref="KeyRingCertificate"/>: they only decrypt the keys encrypted to them,
    /// so a certificate can be replaced without signing everyone out. Drop one once every key it encrypted has expired.
    /// </summary>
    public IList<string> PreviousKeyRingCertificates { get; } = [];

    /// <summary>Refuse to start without <see cref="KeyRingCertificate"/>: set wherever the database holds real accounts.</summary>
    public bool RequireKeyRingCertificate { get; set; }
}

/// <summary>Applies <see cref="KeyRingOptions"/> to Data Protection; a certificate that cannot be used stops the start with the reason.</summary>
internal static class KeyRingProtection
{
    /// <returns>True when the key ring is encrypted.</returns>
    public static bool Protect(IDataProtectionBuilder dataProtection, KeyRingOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.KeyRingCertificate))
        {
            return options.RequireKeyRingCertificate
                ? throw new InvalidOperationException(
                    $"{KeyRingOptions.Section}:{nameof(KeyRingOptions.RequireKeyRingCertificate)} is true, but {KeyRingOptions.Section}:{nameof(KeyRingOptions.KeyRingCertificate)} "
                    + $"(environment: {KeyRingOptions.Section}__{nameof(KeyRingOptions.KeyRingCertificate)}) names no file. It names a PEM file with the certificate and private key "
                    + "that encrypt the key ring signing cookies and tokens; ./run.sh creates one for the embedded default.")
                : false;
        }

        var current = Load(options.KeyRingCertificate, nameof(KeyRingOptions.KeyRingCertificate));
        X509Certificate2[] all = [current, .. options.PreviousKeyRingCertificates.Select(path => Load(path, nameof(KeyRingOptions.PreviousKeyRingCertificates)))];
        dataProtection.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate(all);
        return true;
    }

    private static X509Certificate2 Load(string path, string setting)
    {
        var name = $"{KeyRingOptions.Section}:{setting}";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{name} names {path}, which does not exist. The key ring cannot be decrypted without it: restore the file, or see docs/security.md on rotation.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(path);
        }
        catch (CryptographicException exception)
        {
            throw new InvalidOperationException($"{name} names {path}, which holds no PEM certificate with its private key: {exception.Message}", exception);
        }

        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"{name} names {path}, whose certificate comes without its private key; the key ring cannot be decrypted without it.");
    }
}

/// <summary>Says once at start that the key ring is stored unencrypted, and how to change that.</summary>
internal sealed class UnencryptedKeyRingWarning(ILogger<UnencryptedKeyRingWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogWarning(
            "The Data Protection key ring (it signs cookies and bearer tokens) is stored unencrypted in data_protection_keys: set {Setting} to a PEM certificate with its private key (docs/security.md)",
            $"{KeyRingOptions.Section}:{nameof(KeyRingOptions.KeyRingCertificate)}");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
