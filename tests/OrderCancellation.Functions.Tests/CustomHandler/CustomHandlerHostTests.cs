using Microsoft.Extensions.Configuration;
using OrderCancellation.Functions.CustomHandler;

namespace OrderCancellation.Functions.Tests.CustomHandler;

public sealed class CustomHandlerHostTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("41234", true)]
    public void The_app_knows_it_runs_under_the_functions_host_from_the_port_variable(string? port, bool expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [CustomHandlerHost.PortVariable] = port })
            .Build();

        Assert.Equal(expected, CustomHandlerHost.IsActive(configuration));
    }
}
