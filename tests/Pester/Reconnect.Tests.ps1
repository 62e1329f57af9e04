<#
    A session the server dropped for idleness (Start-FtpLiteServer -IdleTimeoutSec): Get-FtpLiteSession shows
    it as Dropped, and the next command opens it again in the same folder and says so as a verbose message.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite

    $serverRoot = New-TestFolder -Prefix 'ftplite-idle-server'
    $null = New-TestFile -Path (Join-Path $serverRoot 'reports/q1.csv') -Length 10
    $server = Start-FtpLiteServer -Root $serverRoot -Port 0 -AllowAnonymous -IdleTimeoutSec 1 -ErrorAction Stop
    Register-TestServer $server
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'A session the server dropped for idleness' {
    It 'shows as Dropped, then reopens on the next command in the same folder and says so' {
        $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop
        $session.Client.ChangeDirectoryAsync('/reports').GetAwaiter().GetResult()

        # The server's 421 after a second of silence: wait for the session to show it.
        $deadline = (Get-Date).AddSeconds(20)
        while ($session.State -ne 'Dropped' -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
        (Get-FtpLiteSession -Default).State | Should -Be 'Dropped'

        $output = Get-FtpLiteItem -Path q1.csv -Verbose -ErrorAction Stop 4>&1
        $verbose = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $item = @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $item.FullName | Should -Be '/reports/q1.csv'
        $verbose.Message | Should -Match 'dropped the session.*421.*reconnected'
        $session.State | Should -Be 'Connected'
        $session.Client.Reconnects | Should -Be 1
    }
}
