using EmoteCare.Silo.Sql;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace EmoteCare.Api.Data;

/// <summary>Applies <c>Data/schema.sql</c> at start-up, before the server takes requests and before the key ring is read.</summary>
internal sealed class ApiSchema(NpgsqlDataSource dataSource) : IHostedService
{
    /// <summary>The Api's own tables; the lock is ASCII "EmoteApi", apart from the Orleans schema's.</summary>
    private static readonly SqlSchema Schema = new("the Api schema", 0x456D6F7465417069, typeof(ApiSchema).Assembly, ["EmoteCare.Api.Data.schema.sql"]);

    public Task StartAsync(CancellationToken cancellationToken) => Schema.ApplyAsync(dataSource, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
