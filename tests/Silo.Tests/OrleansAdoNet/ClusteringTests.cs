using System.Net;
using Orleans.Runtime;

namespace EmoteCare.Silo.Tests.OrleansAdoNet;

[Collection(OrleansAdoNetCollection.Name)]
public sealed class ClusteringTests(OrleansAdoNetCluster fixture)
{
    private const int Active = 3;
    private const int Dead = 6;

    [Fact]
    public async Task Both_silos_are_Active_in_the_membership_table_and_the_client_reaches_them_through_it()
    {
        var rows = await MembershipRows();

        Assert.Equal(
            fixture.Cluster.Silos.Select(silo => Identity(silo.SiloAddress)).Order(StringComparer.Ordinal),
            rows.Select(row => row.Identity).Order(StringComparer.Ordinal));
        Assert.All(rows, row =>
        {
            Assert.Equal(Active, row.Status);
            Assert.True(row.ProxyPort > 0, "every test silo is a gateway");
            // Times travel as UTC whatever the session's TimeZone: a shifted heartbeat would be hours off.
            Assert.True(Math.Abs(row.SecondsSinceIAmAlive) < 120, $"IAmAliveTime is {row.SecondsSinceIAmAlive} s from the server's clock");
        });
        Assert.True(await TableVersion() >= 4, "two inserts and two Joining->Active updates each took a version");

        // The client's only gateway source is the membership table (UseAdoNetClustering, GatewaysQueryKey).
        var grain = fixture.Cluster.Client.GetGrain<IStringKeyStateGrain>($"clustering-{Guid.NewGuid():N}");
        Assert.NotEmpty(await grain.Activation());
    }

    [Fact]
    public async Task A_third_silo_joins_as_Active_and_its_row_turns_Dead_when_it_stops()
    {
        var third = await fixture.Cluster.StartAdditionalSiloAsync();
        try
        {
            var identity = Identity(third.SiloAddress);
            await Eventually.TrueAsync(async () => (await MembershipRows()).Any(row => row.Identity == identity && row.Status == Active), "the third silo is Active");
        }
        finally
        {
            await fixture.Cluster.StopSiloAsync(third);
        }

        var stopped = (await MembershipRows()).Single(row => row.Identity == Identity(third.SiloAddress));
        Assert.Equal(Dead, stopped.Status);
        Assert.Equal(2, (await MembershipRows()).Count(row => row.Status == Active));
    }

    private static string Identity(SiloAddress address) => $"{address.Endpoint.Address}:{address.Endpoint.Port}@{address.Generation}";

    private async Task<List<(string Identity, int Status, int ProxyPort, double SecondsSinceIAmAlive)>> MembershipRows()
    {
        await using var command = fixture.DataSource.CreateCommand(
            """
            SELECT Address, Port, Generation, Status, ProxyPort, EXTRACT(EPOCH FROM now() - IAmAliveTime)::float8
            FROM OrleansMembershipTable WHERE DeploymentId = @cluster
            """);
        command.Parameters.AddWithValue("cluster", fixture.ClusterId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, int, int, double)>();
        while (await reader.ReadAsync())
        {
            var address = IPAddress.Parse(reader.GetString(0));
            rows.Add(($"{address}:{reader.GetInt32(1)}@{reader.GetInt32(2)}", reader.GetInt32(3), reader.GetInt32(4), reader.GetDouble(5)));
        }

        return rows;
    }

    private async Task<int> TableVersion()
    {
        await using var command = fixture.DataSource.CreateCommand("SELECT Version FROM OrleansMembershipVersionTable WHERE DeploymentId = @cluster");
        command.Parameters.AddWithValue("cluster", fixture.ClusterId);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
