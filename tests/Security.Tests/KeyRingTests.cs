using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EmoteCare.Api.Accounts;
using EmoteCare.Api.Tests;
using Npgsql;

namespace EmoteCare.Security.Tests;

/// <summary>
/// Finding 7: the key ring that signs cookies and tokens sat in <c>data_protection_keys</c> in plain XML, so a database
/// backup was enough to forge sign-ins. It is now encrypted with a certificate kept outside the database.
/// </summary>
public sealed class KeyRingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emotecare-keyring-").FullName;

    [Fact]
    public async Task The_stored_key_ring_holds_no_plain_master_key_and_a_second_node_with_the_certificate_reads_the_first_ones_cookies()
    {
        var certificate = WriteCertificate("key-ring.pem");
        var settings = new Dictionary<string, string?> { ["DataProtection:KeyRingCertificate"] = certificate, ["DataProtection:RequireKeyRingCertificate"] = "true" };
        var first = await TestApi.StartAsync(settings);
        try
        {
            var account = await first.CreateAccountAsync(Role.Patient);
            using var client = first.CreateClient();
            var login = await client.PostAsJsonAsync("/api/auth/login", new { email = account.Account.Email, password = account.InitialPassword });
            var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie")).Split(';')[0];

            var keys = await StoredKeysAsync(first.ConnectionString);
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
                Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            });
            await first.App.StopAsync();

            await using var second = await TestApi.StartAsync(new Dictionary<string, string?>(settings) { ["ConnectionStrings:Postgres"] = first.ConnectionString });
            using var secondClient = second.CreateClient();
            using var me = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            me.Headers.Add("Cookie", cookie);
            Assert.Equal(HttpStatusCode.OK, (await secondClient.SendAsync(me)).StatusCode);
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_required_certificate_that_is_not_configured_stops_the_start_with_a_clear_message()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApi.StartAsync(new Dictionary<string, string?> { ["DataProtection:RequireKeyRingCertificate"] = "true" }));

        Assert.Contains("DataProtection:KeyRingCertificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_certificate_that_is_missing_stops_the_start_and_names_the_file()
    {
        var missing = Path.Combine(_folder, "missing.pem");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApi.StartAsync(new Dictionary<string, string?> { ["DataProtection:KeyRingCertificate"] = missing }));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A self-signed certificate with its private key in one PEM file, as <c>run.sh</c> makes one.</summary>
    private string WriteCertificate(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=EmoteCare key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem() + "\n");
        return path;
    }

    private static async Task<List<string>> StoredKeysAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
