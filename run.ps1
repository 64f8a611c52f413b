#!/usr/bin/env pwsh
# LowLatencyCascade: the same subcommands as run.sh.
#   ./run.ps1                 replay the embedded scenario through the whole pipeline
#   ./run.ps1 test            run every test (install redis-server, chromium and promtool yourself on Windows/macOS)
#   ./run.ps1 bench [suite]   BenchmarkDotNet suites or 'e2e' or 'soak'
#   ./run.ps1 <command> ...   any `cascade` command
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'

function Invoke-Cli([string[]]$CliArgs) {
    dotnet build engine/LowLatencyCascade.Cli/LowLatencyCascade.Cli.csproj -c Release -v q -nologo | Out-Null
    if ($LASTEXITCODE -ne 0) { dotnet build engine/LowLatencyCascade.Cli/LowLatencyCascade.Cli.csproj -c Release -nologo; exit 2 }
    dotnet engine/LowLatencyCascade.Cli/bin/Release/net10.0/cascade.dll @CliArgs
    exit $LASTEXITCODE
}

function Invoke-Tests([string[]]$TestArgs) {
    if ($IsLinux -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        foreach ($p in @(@('redis-server','redis-server'), @('redis-cli','redis-tools'), @('chromium','chromium'))) {
            if (-not (Get-Command $p[0] -ErrorAction SilentlyContinue)) { apt-get update -qq | Out-Null; apt-get install -y -qq $p[1] | Out-Null }
        }
        # promtool for the /metrics lint test, as run.sh does: the Debian package's files unpacked, not the service.
        $promDir = 'artifacts/tools/prometheus'
        if (-not (Get-Command promtool -ErrorAction SilentlyContinue) -and -not (Test-Path "$promDir/usr/bin/promtool")) {
            $tmp = Join-Path ([IO.Path]::GetTempPath()) ("llc-prom-" + [Guid]::NewGuid()); New-Item -ItemType Directory $tmp | Out-Null
            Push-Location $tmp
            apt-get download -qq prometheus 2>&1 | Out-Null
            if ($LASTEXITCODE -ne 0) { apt-get update -qq | Out-Null; apt-get download -qq prometheus 2>&1 | Out-Null }
            Pop-Location
            $deb = Get-ChildItem $tmp -Filter 'prometheus_*.deb' | Select-Object -First 1
            if ($deb) { New-Item -ItemType Directory -Force $promDir | Out-Null; dpkg-deb -x $deb.FullName $promDir } else { Write-Warning "could not download promtool (Debian package prometheus)" }
            Remove-Item -Recurse -Force $tmp
        }
        if (Test-Path "$promDir/usr/bin/promtool") { $env:PATH = (Resolve-Path "$promDir/usr/bin").Path + [IO.Path]::PathSeparator + $env:PATH }
    }
    if ((Get-Command node -ErrorAction SilentlyContinue) -and (Test-Path tools/hdr-crosscheck/crosscheck.mjs)) {
        Push-Location tools/hdr-crosscheck
        try { if (-not (Test-Path node_modules/hdr-histogram-js)) { npm ci --silent | Out-Null }; node crosscheck.mjs --check } catch { Write-Warning "hdr cross-check did not run" }
        Pop-Location
    }
    $results = Join-Path ([IO.Path]::GetTempPath()) ("llc-tests-" + [Guid]::NewGuid())
    dotnet build LowLatencyCascade.sln -c Release -v q -nologo
    if ($LASTEXITCODE -ne 0) { Write-Output "tests: 0 passed, 1 failed"; exit 1 }
    dotnet test tests/LowLatencyCascade.Tests/LowLatencyCascade.Tests.csproj -c Release --no-build -nologo `
        --logger "trx;LogFileName=results.trx" --results-directory $results --blame-hang-timeout 5m @TestArgs
    $rc = $LASTEXITCODE
    $passed = 0; $failed = 0
    $trx = Get-ChildItem $results -Filter *.trx -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($trx) { [xml]$x = Get-Content $trx.FullName; $c = $x.TestRun.ResultSummary.Counters; $passed = [int]$c.passed; $failed = [int]$c.failed }
    if ($rc -ne 0 -and $failed -eq 0) { $failed = 1 }
    Write-Output "tests: $passed passed, $failed failed"
    exit $(if ($rc -eq 0 -and $failed -eq 0) { 0 } else { 1 })
}

function Invoke-Bench([string[]]$BenchArgs) {
    if ($BenchArgs.Count -gt 0 -and ($BenchArgs[0] -eq 'e2e' -or $BenchArgs[0] -eq 'soak')) { Invoke-Cli (@('bench') + $BenchArgs) }
    dotnet build bench/LowLatencyCascade.Bench/LowLatencyCascade.Bench.csproj -c Release -v q -nologo | Out-Null
    $suite = if ($BenchArgs.Count -gt 0) { $BenchArgs } else { @('all') }
    dotnet bench/LowLatencyCascade.Bench/bin/Release/net10.0/LowLatencyCascade.Bench.dll @suite
    exit $LASTEXITCODE
}

$rest = if ($args.Count -gt 1) { $args[1..($args.Count - 1)] } else { @() }
switch ($args[0]) {
    $null { Invoke-Cli @('demo') }
    'test' { Invoke-Tests $rest }
    'bench' { Invoke-Bench $rest }
    default { Invoke-Cli $args }
}
