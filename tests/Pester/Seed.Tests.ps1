<#
    Replays the session of the Python program FtpLite grew from, one command at a time:
        CONN -> Connection successful
        UPLD -> Uploaded file
        LIST -> example1.txt - 1024 bytes / example2.jpg - 2048 bytes / Total directory size: 3072 bytes
        DWLD example1.txt -> Downloaded file (saved under the same name in the client's folder)
        DELF example2.jpg -> Deleted file
        QUIT -> Disconnected from server
    The steps run in order and share the session, like the original program's session did.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite

    $serverRoot = New-TestFolder -Prefix 'ftplite-seed-server'
    $sourceFolder = New-TestFolder -Prefix 'ftplite-seed-source'
    $clientFolder = New-TestFolder -Prefix 'ftplite-seed-client'
    $server = Start-TestServer -Root $serverRoot
    $example1 = New-TestFile -Path (Join-Path $sourceFolder 'example1.txt') -Length 1024 -Seed 11
    $example2 = New-TestFile -Path (Join-Path $sourceFolder 'example2.jpg') -Length 2048 -Seed 12
    # What the steps hand on to the next ones.
    $state = @{}
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'The seed session, replayed with the cmdlets' {
    It 'CONN: Connect-FtpLite with the defaults except the port opens an anonymous session on 127.0.0.1' {
        $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop
        $state.Session = $session

        $session | Should -BeOfType ([FtpLite.PowerShell.FtpLiteSession])
        $session.State | Should -BeExactly 'Connected'
        $session.ComputerName | Should -BeExactly '127.0.0.1'
        $session.Port | Should -Be $server.Port
        $session.UserName | Should -BeExactly 'anonymous'
        $session.WorkingDirectory | Should -BeExactly '/'
        $server.ConnectionCount | Should -Be 1
    }

    It 'UPLD: Send-FtpLiteFile uploads example1.txt (1024 B) and example2.jpg (2048 B)' {
        $uploaded = @(
            Send-FtpLiteFile -Path $example1.FullName -ErrorAction Stop
            Send-FtpLiteFile -Path $example2.FullName -ErrorAction Stop
        )

        $uploaded.Name | Should -Be @('example1.txt', 'example2.jpg')
        $uploaded.FullName | Should -Be @('/example1.txt', '/example2.jpg')
        ($uploaded | ForEach-Object Length) | Should -Be @(1024, 2048)
        Get-TestFileHash (Join-Path $serverRoot 'example1.txt') | Should -Be (Get-TestFileHash $example1.FullName)
        Get-TestFileHash (Join-Path $serverRoot 'example2.jpg') | Should -Be (Get-TestFileHash $example2.FullName)
    }

    It 'LIST: Get-FtpLiteItem lists example1.txt - 1024 bytes and example2.jpg - 2048 bytes' {
        $items = @(Get-FtpLiteItem -ErrorAction Stop | Sort-Object Name)

        $items | ForEach-Object { "$($_.Name) - $($_.Length) bytes" } |
            Should -Be @('example1.txt - 1024 bytes', 'example2.jpg - 2048 bytes')
        $items.IsDirectory | Should -Be @($false, $false)
    }

    It 'LIST: the total directory size is 3072 bytes (Get-FtpLiteItem | Measure-Object Length -Sum)' {
        $total = Get-FtpLiteItem -ErrorAction Stop | Measure-Object Length -Sum

        $total.Sum | Should -Be 3072
        $total.Count | Should -Be 2
    }

    It 'DWLD: Receive-FtpLiteFile example1.txt saves it under the same name in the current folder, bytes identical' {
        Push-Location -LiteralPath $clientFolder
        try {
            $file = Receive-FtpLiteFile example1.txt -ErrorAction Stop
        }
        finally {
            Pop-Location
        }

        $expected = Join-Path $clientFolder 'example1.txt'
        $file | Should -BeOfType ([System.IO.FileInfo])
        $file.FullName | Should -BeExactly $expected
        $file.Length | Should -Be 1024
        Get-TestFileHash $expected | Should -Be (Get-TestFileHash $example1.FullName)
        @(Get-ChildItem -LiteralPath $clientFolder -Force).Name | Should -Be @('example1.txt')
    }

    It 'DELF: Remove-FtpLiteItem example2.jpg deletes it and leaves example1.txt' {
        $output = Remove-FtpLiteItem example2.jpg -ErrorAction Stop

        $output | Should -BeNullOrEmpty
        Join-Path $serverRoot 'example2.jpg' | Should -Not -Exist
        @(Get-FtpLiteItem -ErrorAction Stop).Name | Should -Be @('example1.txt')
    }

    It 'QUIT: Disconnect-FtpLite closes the default session' {
        $output = Disconnect-FtpLite -ErrorAction Stop

        $output | Should -BeNullOrEmpty
        $state.Session.State | Should -BeExactly 'Closed'
    }

    It 'after QUIT, <Command> fails with FtpLite.NoSession' -ForEach @(
        @{ Command = 'Get-FtpLiteItem'; Class = 'GetFtpLiteItemCommand'; Run = { Get-FtpLiteItem } }
        @{ Command = 'Send-FtpLiteFile'; Class = 'SendFtpLiteFileCommand'; Run = { Send-FtpLiteFile -Path $example2.FullName } }
        @{ Command = 'Receive-FtpLiteFile'; Class = 'ReceiveFtpLiteFileCommand'; Run = { Receive-FtpLiteFile example1.txt -Destination (Join-Path $clientFolder 'again.txt') } }
        @{ Command = 'Remove-FtpLiteItem'; Class = 'RemoveFtpLiteItemCommand'; Run = { Remove-FtpLiteItem example1.txt -Confirm:$false } }
    ) {
        $failure = { & $Run } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeExactly "FtpLite.NoSession,FtpLite.PowerShell.Cmdlets.$Class"
        # Nothing happened on either side.
        Join-Path $serverRoot 'example1.txt' | Should -Exist
        Join-Path $serverRoot 'example2.jpg' | Should -Not -Exist
        Join-Path $clientFolder 'again.txt' | Should -Not -Exist
    }

    It 'after QUIT, Disconnect-FtpLite reports FtpLite.NoSession' {
        Disconnect-FtpLite -ErrorAction SilentlyContinue -ErrorVariable failures

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.NoSession,FtpLite.PowerShell.Cmdlets.DisconnectFtpLiteCommand'
    }
}
