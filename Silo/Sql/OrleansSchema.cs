using Npgsql;

namespace EmoteCare.Silo.Sql;

public static class OrleansSchema
{
    public static Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) => throw new NotImplementedException();
}
