using Microsoft.Extensions.Configuration;
using Npgsql;
using Orleans.TestingHost;
using EmoteCare.Silo.Sql;

namespace EmoteCare.Silo.Tests.OrleansAdoNet;

/// <summary>
/// Two in-process silos whose clustering, default grain storage and reminders are Orleans' ADO.NET providers on the test
/// PostgreSQL, with the schema applied by <see cref="OrleansSchema"/>, and a client that finds them through the membership
/// table. A fresh ServiceId and ClusterId per run keep runs apart in a shared database.
/// </summary>
public sealed class OrleansAdoNetCluster : IAsyncLifetime
{
    public const string Invariant = "Npgsql";

    /// <summary>A second grain storage, which deletes the row on clear instead of keeping it with a NULL payload.</summary>
    public const string DeleteOnClearStorage = "DeleteOnClear";

    public TestCluster Cluster { get; private set; } = null!;

    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(TestPostgres.ConnectionString);

    public string ServiceId => Cluster.Options.ServiceId;

    public string ClusterId => Cluster.Options.ClusterId;

    public async Task InitializeAsync()
    {
        await OrleansSchema.ApplyAsync(DataSource, CancellationToken.None);
        var run = Guid.NewGuid().ToString("N")[..12];
        var builder = new TestClusterBuilder(2);
        builder.Options.ServiceId = $"adonet-test-{run}";
        builder.Options.ClusterId = $"adonet-test-{run}";
        builder.Options.UseTestClusterMembership = false;
        builder.AddSiloBuilderConfigurator<AdoNetSiloConfigurator>();
        builder.AddClientBuilderConfigurator<AdoNetClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        // The run's rows only: other runs may share the database.
        await using (var command = DataSource.CreateCommand(
            """
            DELETE FROM OrleansStorage WHERE ServiceId = @service;
            DELETE FROM OrleansRemindersTable WHERE ServiceId = @service;
            DELETE FROM OrleansMembershipTable WHERE DeploymentId = @cluster;
            DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @cluster;
            """))
        {
            command.Parameters.AddWithValue("service", ServiceId);
            command.Parameters.AddWithValue("cluster", ClusterId);
            await command.ExecuteNonQueryAsync();
        }

        await DataSource.DisposeAsync();
    }

    /// <summary>The ADO.NET providers the lead's silo composition will use, on <see cref="TestPostgres.ConnectionString"/>.</summary>
    public sealed class AdoNetSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var connectionString = TestPostgres.ConnectionString;
            siloBuilder.UseAdoNetClustering(options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
            });
            siloBuilder.AddAdoNetGrainStorageAsDefault(options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
            });
            siloBuilder.AddAdoNetGrainStorage(DeleteOnClearStorage, options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
                options.DeleteStateOnClear = true;
            });
            siloBuilder.UseAdoNetReminderService(options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
            });
        }
    }

    /// <summary>The client learns the gateways from the membership table (GatewaysQueryKey), nothing else.</summary>
    public sealed class AdoNetClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.UseAdoNetClustering(options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = TestPostgres.ConnectionString;
            });
    }
}

[CollectionDefinition(Name)]
public sealed class OrleansAdoNetCollection : ICollectionFixture<OrleansAdoNetCluster>
{
    public const string Name = "Orleans ADO.NET on PostgreSQL";
}
