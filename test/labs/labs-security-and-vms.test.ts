// The scenario and lab files of topic "security-and-vms" (see play-files.ts), played in their own test file.
import { playTopic } from './play-files.ts'

playTopic('security-and-vms')
