using Npgsql;

namespace EmoteCare.Runtime.Tests;

/// <summary>One connection pool to the test server for the storage tests.</summary>
internal static class TestDatabase
{
    private static readonly Lazy<NpgsqlDataSource> Source = new(() => NpgsqlDataSource.Create(TestPostgres.ConnectionString));

    public static NpgsqlDataSource DataSource => Source.Value;
}
