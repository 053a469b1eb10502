using EmoteCare.Grains;
using EmoteCare.Grains.Conversation;
using EmoteCare.Grains.Inference;
using EmoteCare.Silo.Sql;
using EmoteCare.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;

namespace EmoteCare.Silo;

/// <summary>Composes an EmoteCare silo from configuration: clustering, storage, reminders, grain options and inference.</summary>
public static class SiloBuilderExtensions
{
    private const string AdoNetInvariant = "Npgsql";

    /// <summary>
    /// Adds everything an EmoteCare silo needs. <c>Storage:Provider</c> picks <c>Postgres</c> (the default, from
    /// <c>ConnectionStrings:Postgres</c>) or <c>Memory</c> (grain state and reminders lost on exit; demos and tests only).
    /// <c>Orleans</c> binds <see cref="ClusterSettings"/>; <c>Orleans:Membership</c>, <c>Orleans:GrainCollection</c> and
    /// <c>Orleans:Messaging</c> bind Orleans' own options; <c>Sessions</c>, <c>Patients</c>, <c>Therapists</c> and <c>Chat</c> bind the grains' options.
    /// </summary>
    public static ISiloBuilder AddEmoteCareSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        var provider = configuration["Storage:Provider"] ?? "Postgres";
        var postgres = provider switch
        {
            "Postgres" => RequiredConnectionString(configuration),
            "Memory" => null,
            _ => throw new InvalidOperationException($"Storage:Provider '{provider}' is not one of Postgres, Memory."),
        };

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        switch (cluster.Clustering)
        {
            case "AdoNet":
                silo.ConfigureEndpoints(cluster.AdvertisedAddress(), cluster.SiloPort, cluster.GatewayPort, cluster.ListenOnAnyHostAddress);
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = AdoNetInvariant;
                    o.ConnectionString = postgres ?? RequiredConnectionString(configuration);
                });
                break;
            case "Localhost":
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
                break;
            default:
                throw new InvalidOperationException($"{ClusterSettings.Section}:{nameof(ClusterSettings.Clustering)} '{cluster.Clustering}' is not one of AdoNet, Localhost.");
        }

        if (postgres is null)
        {
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
        }
        else
        {
            silo.AddAdoNetGrainStorageAsDefault(o =>
            {
                o.Invariant = AdoNetInvariant;
                o.ConnectionString = postgres;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = AdoNetInvariant;
                o.ConnectionString = postgres;
            });
        }

        // Orleans' binary format for either provider: its [Id]s keep stored state readable across versions of the
        // contract, and memory storage then stores what PostgreSQL would.
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)
            .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        silo.Services.AddOptions<MemoryGrainStorageOptions>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)
            .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));

        var connectionString = postgres ?? (cluster.Clustering == "AdoNet" ? RequiredConnectionString(configuration) : null);
        if (connectionString is not null)
        {
            silo.Services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, OrleansSchemaParticipant>();
        }

        silo.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:Membership"));
        silo.Configure<GrainCollectionOptions>(configuration.GetSection("Orleans:GrainCollection"));
        silo.Configure<SiloMessagingOptions>(configuration.GetSection("Orleans:Messaging"));
        silo.Services.Configure<TherapySessionOptions>(configuration.GetSection("Sessions"));
        silo.Services.Configure<PatientOptions>(configuration.GetSection("Patients"));
        silo.Services.Configure<TherapistOptions>(configuration.GetSection("Therapists"));
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddEmoteCareInference(configuration);
        silo.Services.AddTextEmotion(configuration).AddCrisisDetection().AddEmoteCareConversation(configuration);
        return silo;
    }

    private static string RequiredConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Postgres");
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException("ConnectionStrings:Postgres is not set (environment: ConnectionStrings__Postgres). ./run.sh sets it for the project-local PostgreSQL; set Storage:Provider=Memory and Orleans:Clustering=Localhost to run a silo without a database.")
            : connectionString;
    }
}
